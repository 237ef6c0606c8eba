package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.ClaimResult;
import dev.switchboard.core.model.FlapLimit;
import dev.switchboard.core.model.Holder;
import dev.switchboard.core.model.Owner;
import dev.switchboard.core.model.PresenceEntry;
import dev.switchboard.core.model.ReclaimRequest;
import dev.switchboard.core.model.ReclaimResult;
import dev.switchboard.core.model.SweepResult;
import dev.switchboard.core.model.TakeoverPolicy;
import dev.switchboard.core.model.TouchResult;
import dev.switchboard.testsupport.RedisServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Model-based property: random sequences of every script operation, run against a real Redis and
 * against a plain in-test model of the contract in docs/DESIGN.md. Every reply and the final state
 * of every device must agree with the model.
 */
class PresenceModelPropertiesTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static RedisServer server;

  @BeforeContainer
  static void startRedis() {
    server = RedisServer.start();
  }

  @AfterContainer
  static void stopRedis() {
    server.close();
  }

  sealed interface Op {}

  record Claim(String device, String conn, String inst, TakeoverPolicy policy, String stale)
      implements Op {}

  record Touch(String device, String conn) implements Op {}

  record Release(String device, String conn) implements Op {}

  record Reclaim(String device, String conn, String inst) implements Op {}

  record Sweep(String device, String inst) implements Op {}

  /** The model's view of one entry. */
  record Held(String conn, String inst, long epoch) {}

  @Provide
  Arbitrary<List<Op>> operations() {
    Arbitrary<String> devices = Arbitraries.of("a", "b", "c");
    Arbitrary<String> conns = Arbitraries.of("c1", "c2", "c3", "c4");
    Arbitrary<String> insts = Arbitraries.of("i1", "i2", "i3");
    Arbitrary<Op> claim =
        Combinators.combine(
                devices,
                conns,
                insts,
                Arbitraries.of(TakeoverPolicy.class),
                Arbitraries.of("", "i1", "i2", "i3"))
            .as(Claim::new);
    Arbitrary<Op> touch = Combinators.combine(devices, conns).as(Touch::new);
    Arbitrary<Op> release = Combinators.combine(devices, conns).as(Release::new);
    Arbitrary<Op> reclaim = Combinators.combine(devices, conns, insts).as(Reclaim::new);
    Arbitrary<Op> sweep = Combinators.combine(devices, insts).as(Sweep::new);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, claim),
            net.jqwik.api.Tuple.of(2, touch),
            net.jqwik.api.Tuple.of(3, release),
            net.jqwik.api.Tuple.of(2, reclaim),
            net.jqwik.api.Tuple.of(2, sweep))
        .list()
        .ofMinSize(1)
        .ofMaxSize(40);
  }

  @Property(tries = 150, seed = "20261121")
  @Label("P3: Redis agrees with the model for any sequence of script operations")
  void redisAgreesWithTheModel(@ForAll("operations") List<Op> ops) {
    try (StoreFixture f = new StoreFixture(server)) {
      Map<String, Held> model = new HashMap<>();
      Map<String, Long> lastEpoch = new HashMap<>();
      Map<String, Long> known = new HashMap<>();
      for (Op op : ops) {
        apply(f, op, model, lastEpoch, known);
      }
      for (String device : List.of("a", "b", "c")) {
        Optional<PresenceEntry> entry = f.store.entry(device).await().atMost(WAIT);
        Held held = model.get(device);
        if (held == null) {
          assertThat(entry).as("device %s after %s", device, ops).isEmpty();
        } else {
          assertThat(entry).as("device %s after %s", device, ops).isPresent();
          assertThat(entry.get().conn()).isEqualTo(held.conn());
          assertThat(entry.get().owner().inst()).isEqualTo(held.inst());
          assertThat(entry.get().epoch()).isEqualTo(held.epoch());
        }
      }
    }
  }

  /**
   * Applies one operation to Redis and to the model. {@code known} is the epoch each connection
   * last learned (from its claim or reclaim), which it passes to touch and reclaim.
   */
  private static void apply(
      StoreFixture f,
      Op op,
      Map<String, Held> model,
      Map<String, Long> lastEpoch,
      Map<String, Long> known) {
    if (op instanceof Claim c) {
      Held held = model.get(c.device());
      ClaimResult result =
          f.store
              .claim(
                  new ClaimRequest(
                      c.device(),
                      c.conn(),
                      owner(c.inst()),
                      "addr",
                      Optional.empty(),
                      c.policy(),
                      c.stale().isEmpty() ? Optional.empty() : Optional.of(c.stale()),
                      FlapLimit.NONE))
              .await()
              .atMost(WAIT);
      boolean refuse =
          held != null
              && !held.conn().equals(c.conn())
              && c.policy() == TakeoverPolicy.REJECT_NEW
              && !held.inst().equals(c.stale());
      if (refuse) {
        assertThat(result)
            .isEqualTo(new ClaimResult.Refused(new Holder(held.conn(), held.inst()), held.epoch()));
        return;
      }
      ClaimResult.Claimed claimed = (ClaimResult.Claimed) result;
      Optional<Holder> expectedKick =
          held != null && !held.conn().equals(c.conn())
              ? Optional.of(new Holder(held.conn(), held.inst()))
              : Optional.empty();
      assertThat(claimed.replaced()).isEqualTo(expectedKick);
      assertThat(claimed.epoch()).isGreaterThan(lastEpoch.getOrDefault(c.device(), 0L));
      lastEpoch.put(c.device(), claimed.epoch());
      known.put(c.device() + "/" + c.conn(), claimed.epoch());
      model.put(c.device(), new Held(c.conn(), c.inst(), claimed.epoch()));
    } else if (op instanceof Touch t) {
      Held held = model.get(t.device());
      long epoch = known.getOrDefault(t.device() + "/" + t.conn(), 0L);
      TouchResult expected;
      if (held == null) {
        expected = TouchResult.MISSING;
      } else if (held.conn().equals(t.conn())) {
        expected = TouchResult.TOUCHED;
      } else {
        expected = held.epoch() >= epoch ? TouchResult.REPLACED : TouchResult.OLDER_HOLDER;
      }
      assertThat(
              f.store
                  .touch(new PresenceStore.DeviceConn(t.device(), t.conn(), epoch))
                  .await()
                  .atMost(WAIT))
          .isEqualTo(expected);
    } else if (op instanceof Release r) {
      Held held = model.get(r.device());
      boolean expected = held != null && held.conn().equals(r.conn());
      assertThat(f.store.release(r.device(), r.conn()).await().atMost(WAIT)).isEqualTo(expected);
      if (expected) {
        model.remove(r.device());
      }
    } else if (op instanceof Reclaim r) {
      Held held = model.get(r.device());
      String conn = r.device() + "/" + r.conn();
      long callerEpoch = known.getOrDefault(conn, 0L);
      ReclaimResult result =
          f.store
              .reclaim(
                  new ReclaimRequest(
                      r.device(),
                      r.conn(),
                      callerEpoch,
                      owner(r.inst()),
                      "addr",
                      Optional.empty(),
                      0))
              .await()
              .atMost(WAIT);
      if (held == null || (!held.conn().equals(r.conn()) && held.epoch() < callerEpoch)) {
        long epoch =
            held == null
                ? ((ReclaimResult.Recreated) result).epoch()
                : ((ReclaimResult.Reasserted) result).epoch();
        if (held != null) {
          assertThat(((ReclaimResult.Reasserted) result).older())
              .isEqualTo(new Holder(held.conn(), held.inst()));
        }
        if (held == null && callerEpoch > 0) {
          // a recreated entry takes the caller's epoch + 1: above what it repairs, yet an older
          // connection does not outrank a newer one just by reclaiming first after data loss
          assertThat(epoch).isEqualTo(callerEpoch + 1);
        } else {
          assertThat(epoch).isGreaterThan(lastEpoch.getOrDefault(r.device(), 0L));
        }
        lastEpoch.merge(r.device(), epoch, Math::max);
        known.put(conn, epoch);
        model.put(r.device(), new Held(r.conn(), r.inst(), epoch));
      } else if (held.conn().equals(r.conn())) {
        assertThat(result).isEqualTo(new ReclaimResult.Kept(held.epoch()));
        known.put(conn, held.epoch());
        model.put(r.device(), new Held(r.conn(), r.inst(), held.epoch()));
      } else {
        assertThat(result)
            .isEqualTo(
                new ReclaimResult.TakenOver(new Holder(held.conn(), held.inst()), held.epoch()));
      }
    } else if (op instanceof Sweep s) {
      Held held = model.get(s.device());
      SweepResult result = f.store.sweep(s.device(), s.inst()).await().atMost(WAIT);
      if (held != null && held.inst().equals(s.inst())) {
        assertThat(result.removed()).contains(new SweepResult.Removed(held.conn(), held.epoch()));
        model.remove(s.device());
      } else {
        assertThat(result.swept()).isFalse();
      }
    }
  }

  private static Owner owner(String inst) {
    return StoreFixture.owner(inst);
  }
}
