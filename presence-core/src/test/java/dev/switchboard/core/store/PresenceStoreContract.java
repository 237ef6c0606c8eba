package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreFixture.owner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.ClaimResult;
import dev.switchboard.core.model.EventType;
import dev.switchboard.core.model.FlapLimit;
import dev.switchboard.core.model.Holder;
import dev.switchboard.core.model.InboxMessage;
import dev.switchboard.core.model.InstanceInfo;
import dev.switchboard.core.model.InstanceLease;
import dev.switchboard.core.model.PresenceEntry;
import dev.switchboard.core.model.PresenceEvent;
import dev.switchboard.core.model.PresenceLocation;
import dev.switchboard.core.model.ReclaimRequest;
import dev.switchboard.core.model.ReclaimResult;
import dev.switchboard.core.model.StoredEvent;
import dev.switchboard.core.model.SweepResult;
import dev.switchboard.core.model.TakeoverPolicy;
import dev.switchboard.core.model.TouchResult;
import dev.switchboard.core.model.Unregistration;
import dev.switchboard.core.redis.InboxCodec;
import dev.switchboard.core.redis.ScriptCalls;
import dev.switchboard.core.redis.StoreReplies;
import dev.switchboard.testsupport.RedisDeployment;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The presence-core contract against a real Redis. Subclasses run it against a single server and
 * against a 3-master cluster, so that no script or command can touch keys of two slots.
 */
abstract class PresenceStoreContract {

  private static final Duration WAIT = StoreFixture.TIMEOUT;

  StoreFixture f;

  /** The Redis the subclass started for the whole class. */
  abstract RedisDeployment redis();

  @BeforeEach
  void openFixture() {
    f = new StoreFixture(redis());
  }

  @AfterEach
  void closeFixture() {
    f.close();
  }

  static <T> T await(Uni<T> uni) {
    return uni.await().atMost(WAIT);
  }

  ClaimResult.Claimed claim(String device, String conn, String inst) {
    return (ClaimResult.Claimed)
        await(f.store.claim(ClaimRequest.newest(device, conn, owner(inst), "10.0.0.1:5000")));
  }

  PresenceEntry entry(String device) {
    return await(f.store.entry(device)).orElseThrow();
  }

  boolean exists(String device) {
    return await(f.store.entry(device)).isPresent();
  }

  // --- claim ---

  @Test
  void claimCreatesEntryWithOwnerAndTimesFromRedisClock() {
    // given
    long redisNowMs = await(f.registry.heartbeat("probe"));

    // when
    ClaimResult.Claimed claimed = claim("dev-1", "c1", "i1");

    // then
    PresenceEntry e = entry("dev-1");
    assertThat(claimed.replaced()).isEmpty();
    assertThat(e.conn()).isEqualTo("c1");
    assertThat(e.epoch()).isEqualTo(claimed.epoch());
    assertThat(e.owner()).isEqualTo(owner("i1"));
    assertThat(e.addr()).isEqualTo("10.0.0.1:5000");
    assertThat(e.sinceMs()).isEqualTo(e.seenMs()).isBetween(redisNowMs, redisNowMs + 5_000);
    assertThat(e.meta()).isEmpty();
    assertThat(claimed.epoch() / 1000).isBetween(redisNowMs, redisNowMs + 5_000);
  }

  @Test
  void indexedClaimAddsTheDeviceToTheIndexAndClaimsIt() {
    // given: devices whose entry keys lie in other slots than the index (on a cluster, other nodes)
    List<String> devices = List.of("ixc-1", "ixc-2", "ixc-3", "ixc-4", "ixc-5", "ixc-6");

    // when
    List<ClaimResult> results = new ArrayList<>();
    for (String device : devices) {
      results.add(
          await(
              f.store.claimIndexed(
                  f.index, "i1", ClaimRequest.newest(device, "c-" + device, owner("i1"), "a"))));
    }

    // then
    assertThat(results).allMatch(ClaimResult.Claimed.class::isInstance);
    assertThat(await(f.index.size("i1"))).isEqualTo((long) devices.size());
    for (String device : devices) {
      assertThat(entry(device).conn()).isEqualTo("c-" + device);
    }
  }

  @Test
  void claimStoresMetaAndDropsStaleMetaOfPreviousHolder() {
    // given
    await(
        f.store.claim(
            new ClaimRequest(
                "dev-m",
                "c1",
                owner("i1"),
                "a",
                Optional.of("{\"app\":\"1.2\"}"),
                TakeoverPolicy.NEWEST,
                Optional.empty(),
                FlapLimit.NONE)));
    assertThat(entry("dev-m").meta()).contains("{\"app\":\"1.2\"}");

    // when
    claim("dev-m", "c2", "i2");

    // then
    assertThat(entry("dev-m").meta()).isEmpty();
  }

  @Test
  void claimOverHolderReturnsItToKickAndRaisesEpoch() {
    // given
    ClaimResult.Claimed first = claim("dev-2", "old", "i1");

    // when
    ClaimResult.Claimed second = claim("dev-2", "new", "i2");

    // then
    assertThat(second.replaced()).contains(new Holder("old", "i1"));
    assertThat(second.epoch()).isGreaterThan(first.epoch());
    assertThat(entry("dev-2").conn()).isEqualTo("new");
    assertThat(entry("dev-2").owner().inst()).isEqualTo("i2");
  }

  @Test
  @DisplayName("P2: the epoch strictly increases, even after a release deleted the entry")
  void epochStrictlyIncreasesEvenAfterReleaseDeletedTheEntry() {
    // given
    long previous = 0;
    List<Long> epochs = new ArrayList<>();

    // when
    for (int i = 0; i < 50; i++) {
      String conn = "c" + i;
      epochs.add(claim("dev-3", conn, "i1").epoch());
      if (i % 2 == 0) {
        assertThat(await(f.store.release("dev-3", conn))).isTrue();
      }
    }

    // then
    for (long epoch : epochs) {
      assertThat(epoch).isGreaterThan(previous);
      previous = epoch;
    }
  }

  @Test
  void rejectNewPolicyRefusesWhileHolderIsOnline() {
    // given
    ClaimResult.Claimed holder = claim("dev-4", "holder", "i1");

    // when
    ClaimResult result =
        await(
            f.store.claim(
                new ClaimRequest(
                    "dev-4",
                    "newcomer",
                    owner("i2"),
                    "a",
                    Optional.empty(),
                    TakeoverPolicy.REJECT_NEW,
                    Optional.empty(),
                    FlapLimit.NONE)));

    // then
    assertThat(result)
        .isEqualTo(new ClaimResult.Refused(new Holder("holder", "i1"), holder.epoch()));
    assertThat(entry("dev-4").conn()).isEqualTo("holder");
  }

  @Test
  void rejectNewPolicyLetsDeviceReconnectWhenHolderInstanceIsNamedStale() {
    // given
    claim("dev-5", "holder", "dead-inst");

    // when
    ClaimResult result =
        await(
            f.store.claim(
                new ClaimRequest(
                    "dev-5",
                    "newcomer",
                    owner("i2"),
                    "a",
                    Optional.empty(),
                    TakeoverPolicy.REJECT_NEW,
                    Optional.of("dead-inst"),
                    FlapLimit.NONE)));

    // then
    assertThat(result).isInstanceOf(ClaimResult.Claimed.class);
    assertThat(((ClaimResult.Claimed) result).replaced())
        .contains(new Holder("holder", "dead-inst"));
    assertThat(entry("dev-5").conn()).isEqualTo("newcomer");
  }

  @Test
  void rejectNewPolicyClaimsAFreeDevice() {
    // when
    ClaimResult result =
        await(
            f.store.claim(
                new ClaimRequest(
                    "dev-6",
                    "c1",
                    owner("i1"),
                    "a",
                    Optional.empty(),
                    TakeoverPolicy.REJECT_NEW,
                    Optional.of("someone-else"),
                    FlapLimit.NONE)));

    // then
    assertThat(result).isInstanceOf(ClaimResult.Claimed.class);
    assertThat(entry("dev-6").conn()).isEqualTo("c1");
  }

  @Test
  @DisplayName("P4: takeovers beyond the flap limit are refused as flapping")
  void takeoversBeyondTheFlapLimitAreRefusedAsFlapping() {
    // given: two client instances of one device keep taking it from each other
    FlapLimit limit = new FlapLimit(Duration.ofMinutes(1), 3);
    List<ClaimResult> results = new ArrayList<>();

    // when
    for (int i = 0; i < 6; i++) {
      results.add(
          await(
              f.store.claim(
                  new ClaimRequest(
                      "flap-1",
                      "c" + i,
                      owner(i % 2 == 0 ? "i1" : "i2"),
                      "a",
                      Optional.empty(),
                      TakeoverPolicy.NEWEST,
                      Optional.empty(),
                      limit))));
    }

    // then: the first claim is free, three takeovers pass, the next ones are refused
    assertThat(results.subList(0, 4)).allMatch(r -> r instanceof ClaimResult.Claimed);
    assertThat(results.subList(4, 6)).allMatch(r -> r instanceof ClaimResult.Flapping);
    ClaimResult.Flapping refused = (ClaimResult.Flapping) results.get(4);
    assertThat(refused.holder()).isEqualTo(new Holder("c3", "i2"));
    assertThat(refused.retryAfterMs()).isBetween(1L, 60_000L);
    assertThat(entry("flap-1").conn()).isEqualTo("c3");
  }

  // --- touch ---

  @Test
  void touchOfOwnerUpdatesSeen() throws InterruptedException {
    // given
    long epoch = claim("dev-7", "c1", "i1").epoch();
    long seenBefore = entry("dev-7").seenMs();
    Thread.sleep(5);

    // when
    TouchResult result = await(f.store.touch(new PresenceStore.DeviceConn("dev-7", "c1", epoch)));

    // then
    assertThat(result).isEqualTo(TouchResult.TOUCHED);
    assertThat(entry("dev-7").seenMs()).isGreaterThan(seenBefore);
    assertThat(entry("dev-7").sinceMs()).isLessThan(entry("dev-7").seenMs());
  }

  @Test
  @DisplayName("P2: a touch by a replaced connection reports replaced")
  void touchOfReplacedConnectionReportsReplaced() {
    // given
    long oldEpoch = claim("dev-8", "old", "i1").epoch();
    claim("dev-8", "new", "i2");
    PresenceEntry before = entry("dev-8");

    // when
    TouchResult result =
        await(f.store.touch(new PresenceStore.DeviceConn("dev-8", "old", oldEpoch)));

    // then
    assertThat(result).isEqualTo(TouchResult.REPLACED);
    assertThat(entry("dev-8")).isEqualTo(before);
  }

  @Test
  void touchOfAbsentEntryReportsMissingAndCreatesNothing() {
    // when
    TouchResult result = await(f.store.touch(new PresenceStore.DeviceConn("dev-9", "c1", 1)));

    // then
    assertThat(result).isEqualTo(TouchResult.MISSING);
    assertThat(exists("dev-9")).isFalse();
  }

  @Test
  void touchAllIsPipelinedAndAnswersInOrder() {
    // given
    long e1 = claim("ta-1", "c1", "i1").epoch();
    long e2 = claim("ta-2", "c2", "i1").epoch();
    claim("ta-2", "c2b", "i2");

    // when
    List<TouchResult> results =
        await(
            f.store.touchAll(
                List.of(
                    new PresenceStore.DeviceConn("ta-1", "c1", e1),
                    new PresenceStore.DeviceConn("ta-2", "c2", e2),
                    new PresenceStore.DeviceConn("ta-3", "c3", 1))));

    // then
    assertThat(results)
        .containsExactly(TouchResult.TOUCHED, TouchResult.REPLACED, TouchResult.MISSING);
  }

  // --- release ---

  @Test
  void releaseByOwnerDeletesEntry() {
    // given
    claim("dev-10", "c1", "i1");

    // when
    boolean released = await(f.store.release("dev-10", "c1"));

    // then
    assertThat(released).isTrue();
    assertThat(exists("dev-10")).isFalse();
  }

  @Test
  @DisplayName("P2: a late release of the old connection keeps the newer entry")
  void lateReleaseOfOldConnectionKeepsNewerEntry() {
    // given: the device reconnected; the old socket's disconnect is processed late
    claim("dev-11", "old", "i1");
    ClaimResult.Claimed newer = claim("dev-11", "new", "i2");

    // when
    boolean released = await(f.store.release("dev-11", "old"));

    // then
    assertThat(released).isFalse();
    assertThat(entry("dev-11").conn()).isEqualTo("new");
    assertThat(entry("dev-11").epoch()).isEqualTo(newer.epoch());
  }

  @Test
  void releaseOfAbsentEntryIsANoOpAndIdempotent() {
    // given
    claim("dev-12", "c1", "i1");
    await(f.store.release("dev-12", "c1"));

    // when
    boolean again = await(f.store.release("dev-12", "c1"));

    // then
    assertThat(again).isFalse();
    assertThat(exists("dev-12")).isFalse();
  }

  // --- reclaim ---

  ReclaimRequest reclaimOf(String device, String conn, long epoch, String inst, long since) {
    return new ReclaimRequest(
        device, conn, epoch, owner(inst), "10.0.0.1:5000", Optional.empty(), since);
  }

  @Test
  void reclaimRecreatesAbsentEntryKeepingSocketStartTime() {
    // when
    ReclaimResult result = await(f.store.reclaim(reclaimOf("dev-13", "c1", 1, "i1", 1_000L)));

    // then
    assertThat(result).isInstanceOf(ReclaimResult.Recreated.class);
    PresenceEntry e = entry("dev-13");
    assertThat(e.conn()).isEqualTo("c1");
    assertThat(e.sinceMs()).isEqualTo(1_000L);
    assertThat(e.epoch()).isEqualTo(((ReclaimResult.Recreated) result).epoch());
  }

  @Test
  void reclaimKeepsOwnEntryAndItsEpoch() {
    // given
    ClaimResult.Claimed claimed = claim("dev-14", "c1", "i1");

    // when
    ReclaimResult result =
        await(f.store.reclaim(reclaimOf("dev-14", "c1", claimed.epoch(), "i1", 1L)));

    // then
    assertThat(result).isEqualTo(new ReclaimResult.Kept(claimed.epoch()));
    assertThat(entry("dev-14").epoch()).isEqualTo(claimed.epoch());
    assertThat(entry("dev-14").sinceMs()).isNotEqualTo(1L);
  }

  @Test
  void reclaimReportsTakeoverAndLeavesNewerHolder() {
    // given
    ClaimResult.Claimed newer = claim("dev-15", "new", "i2");

    // when
    ReclaimResult result = await(f.store.reclaim(reclaimOf("dev-15", "old", 1, "i1", 1L)));

    // then
    assertThat(result)
        .isEqualTo(new ReclaimResult.TakenOver(new Holder("new", "i2"), newer.epoch()));
    assertThat(entry("dev-15").conn()).isEqualTo("new");
  }

  @Test
  @DisplayName("P2: an older holder brought back by a restore never makes the newer one replaced")
  void restoredOlderSnapshotNeverReplacesALiveNewerConnection() {
    // given: c1 claims; the entry is dumped (the snapshot); c2 takes over; the snapshot comes back
    long oldEpoch = claim("rs-1", "c1", "i1").epoch();
    Object snapshot = dump("rs-1");
    long newEpoch = claim("rs-1", "c2", "i2").epoch();
    restore("rs-1", snapshot);
    assertThat(entry("rs-1").conn()).isEqualTo("c1");

    // when: the live newer connection touches, then reclaims as the edge does on that answer
    TouchResult touched =
        await(f.store.touch(new PresenceStore.DeviceConn("rs-1", "c2", newEpoch)));
    ReclaimResult reclaimed = await(f.store.reclaim(reclaimOf("rs-1", "c2", newEpoch, "i2", 5L)));

    // then: c2 owns the device again under a higher epoch; c1 learns it was replaced
    assertThat(touched).isEqualTo(TouchResult.OLDER_HOLDER);
    assertThat(reclaimed).isInstanceOf(ReclaimResult.Reasserted.class);
    ReclaimResult.Reasserted reasserted = (ReclaimResult.Reasserted) reclaimed;
    assertThat(reasserted.older()).isEqualTo(new Holder("c1", "i1"));
    assertThat(reasserted.epoch()).isGreaterThan(newEpoch);
    assertThat(entry("rs-1").conn()).isEqualTo("c2");
    assertThat(entry("rs-1").epoch()).isEqualTo(reasserted.epoch());
    assertThat(await(f.store.touch(new PresenceStore.DeviceConn("rs-1", "c1", oldEpoch))))
        .isEqualTo(TouchResult.REPLACED);
  }

  @Test
  @DisplayName(
      "P2: after data loss, an older connection that reclaims first never replaces the newer")
  void anOlderConnectionReclaimingFirstAfterDataLossDoesNotReplaceTheNewer() {
    // given: c2 took the device from c1, whose kick was lost; then Redis lost the entry
    long oldEpoch = claim("dl-1", "c1", "i1").epoch();
    long newEpoch = claim("dl-1", "c2", "i2").epoch();
    await(
        f.redis.send(
            io.vertx.mutiny.redis.client.Request.cmd(io.vertx.mutiny.redis.client.Command.DEL)
                .arg(f.keys.device("dl-1"))));

    // when: the older connection's edge happens to reclaim first, then the newer one's
    ReclaimResult first = await(f.store.reclaim(reclaimOf("dl-1", "c1", oldEpoch, "i1", 5L)));
    ReclaimResult second = await(f.store.reclaim(reclaimOf("dl-1", "c2", newEpoch, "i2", 5L)));

    // then: the recreated entry stays just above the older connection's epoch, so the newer wins
    assertThat(first).isEqualTo(new ReclaimResult.Recreated(oldEpoch + 1));
    assertThat(second).isInstanceOf(ReclaimResult.Reasserted.class);
    assertThat(entry("dl-1").conn()).isEqualTo("c2");
    assertThat(await(f.store.touch(new PresenceStore.DeviceConn("dl-1", "c1", oldEpoch))))
        .isEqualTo(TouchResult.REPLACED);
  }

  @Test
  void aReclaimOlderThanTheHolderYieldsAndChangesNothing() {
    // given
    long oldEpoch = claim("rs-2", "c1", "i1").epoch();
    claim("rs-2", "c2", "i2");
    PresenceEntry before = entry("rs-2");

    // when
    ReclaimResult result = await(f.store.reclaim(reclaimOf("rs-2", "c1", oldEpoch, "i1", 5L)));

    // then
    assertThat(result).isInstanceOf(ReclaimResult.TakenOver.class);
    assertThat(entry("rs-2")).isEqualTo(before);
  }

  private Object dump(String device) {
    return await(
        f.redis
            .send(
                io.vertx.mutiny.redis.client.Request.cmd(io.vertx.mutiny.redis.client.Command.DUMP)
                    .arg(f.keys.device(device)))
            .map(r -> r.toBuffer()));
  }

  private void restore(String device, Object dumped) {
    await(
        f.redis.send(
            io.vertx.mutiny.redis.client.Request.cmd(io.vertx.mutiny.redis.client.Command.RESTORE)
                .arg(f.keys.device(device))
                .arg(0)
                .arg((io.vertx.mutiny.core.buffer.Buffer) dumped)
                .arg("REPLACE")));
  }

  @Test
  void reclaimAfterRedisRestartRestoresEntries() {
    // given: three open sockets with entries, then Redis restarts empty
    List<String> devices = List.of("rr-1", "rr-2", "rr-3");
    Map<String, Long> epochs = new java.util.HashMap<>();
    for (String d : devices) {
      epochs.put(d, claim(d, "conn-" + d, "i1").epoch());
    }
    redis().restart();
    assertThat(
            org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> await(f.store.entry("rr-1")), Optional::isEmpty))
        .isEmpty();

    // when
    List<ReclaimResult> results =
        await(
            f.store.reclaimAll(
                devices.stream()
                    .map(d -> reclaimOf(d, "conn-" + d, epochs.get(d), "i1", 42L))
                    .toList()));

    // then
    assertThat(results).allMatch(r -> r instanceof ReclaimResult.Recreated);
    for (String d : devices) {
      PresenceEntry e = entry(d);
      assertThat(e.conn()).isEqualTo("conn-" + d);
      assertThat(e.sinceMs()).isEqualTo(42L);
      assertThat(e.epoch()).isEqualTo(epochs.get(d) + 1);
    }
  }

  // --- sweep ---

  @Test
  void sweepDeletesEntryOfDeadInstance() {
    // given
    ClaimResult.Claimed claimed = claim("dev-16", "c1", "dead");

    // when
    SweepResult result = await(f.store.sweep("dev-16", "dead"));

    // then
    assertThat(result.removed()).contains(new SweepResult.Removed("c1", claimed.epoch()));
    assertThat(exists("dev-16")).isFalse();
  }

  @Test
  @DisplayName("P8: a sweep skips an entry that a live instance reclaimed")
  void sweepSkipsEntryReclaimedByLiveInstance() {
    // given: the device's old owner died, but it reconnected to a live instance before the sweep
    claim("dev-17", "c-old", "dead");
    claim("dev-17", "c-new", "live");

    // when
    SweepResult result = await(f.store.sweep("dev-17", "dead"));

    // then
    assertThat(result.swept()).isFalse();
    assertThat(entry("dev-17").conn()).isEqualTo("c-new");
    assertThat(entry("dev-17").owner().inst()).isEqualTo("live");
  }

  @Test
  void sweepOfAbsentEntryIsANoOp() {
    // when
    SweepResult result = await(f.store.sweep("dev-18", "dead"));

    // then
    assertThat(result.swept()).isFalse();
    assertThat(exists("dev-18")).isFalse();
  }

  @Test
  void sweepAllAnswersPerDeviceInOrder() {
    // given
    claim("sa-1", "c1", "dead");
    claim("sa-2", "c2", "live");

    // when
    List<SweepResult> results = await(f.store.sweepAll(List.of("sa-1", "sa-2", "sa-3"), "dead"));

    // then
    assertThat(results).extracting(SweepResult::device).containsExactly("sa-1", "sa-2", "sa-3");
    assertThat(results).extracting(SweepResult::swept).containsExactly(true, false, false);
  }

  // --- scripts after a flush ---

  @Test
  void scriptsSurviveScriptFlush() {
    // given
    long epoch = claim("sf-1", "c1", "i1").epoch();
    redis().flushScripts();

    // when
    TouchResult touched = await(f.store.touch(new PresenceStore.DeviceConn("sf-1", "c1", epoch)));
    ClaimResult.Claimed second = claim("sf-1", "c2", "i2");
    redis().flushScripts();
    boolean released = await(f.store.release("sf-1", "c2"));

    // then
    assertThat(touched).isEqualTo(TouchResult.TOUCHED);
    assertThat(second.replaced()).contains(new Holder("c1", "i1"));
    assertThat(released).isTrue();
  }

  @Test
  void pipelinedScriptsSurviveScriptFlush() {
    // given
    List<String> devices = IntStream.range(0, 20).mapToObj(i -> "pf-" + i).toList();
    Map<String, Long> epochs = new java.util.HashMap<>();
    devices.forEach(d -> epochs.put(d, claim(d, "c-" + d, "i1").epoch()));
    redis().flushScripts();

    // when
    List<TouchResult> results =
        await(
            f.store.touchAll(
                devices.stream()
                    .map(d -> new PresenceStore.DeviceConn(d, "c-" + d, epochs.get(d)))
                    .toList()));

    // then
    assertThat(results).containsOnly(TouchResult.TOUCHED).hasSize(20);
  }

  @Test
  void burstOfTenThousandConcurrentClaimsAndReleasesAllSucceed() {
    // given: a reconnect storm followed by a mass disconnect; a connection pool that lends one
    // connection per request refuses such bursts ("max wait queue size") and loses releases
    List<String> devices = IntStream.range(0, 10_000).mapToObj(i -> "storm-" + i).toList();

    // when
    List<ClaimResult> claims =
        await(
            Uni.join()
                .all(
                    devices.stream()
                        .map(d -> f.store.claim(ClaimRequest.newest(d, "c-" + d, owner("i1"), "a")))
                        .toList())
                .andFailFast());
    List<Boolean> releases =
        await(
            Uni.join()
                .all(devices.stream().map(d -> f.store.release(d, "c-" + d)).toList())
                .andFailFast());

    // then
    assertThat(claims).allMatch(c -> c instanceof ClaimResult.Claimed).hasSize(10_000);
    assertThat(releases).containsOnly(true).hasSize(10_000);
    assertThat(await(f.store.entries(devices.subList(0, 1000)))).allMatch(Optional::isEmpty);
  }

  // --- reads ---

  @Test
  void entriesReadsAThousandDevicesInRequestOrder() {
    // given
    List<String> devices = IntStream.range(0, 1000).mapToObj(i -> "bulk-" + i).toList();
    for (int i = 0; i < devices.size(); i += 2) {
      claim(devices.get(i), "c" + i, "i1");
    }

    // when
    List<Optional<PresenceEntry>> entries = await(f.store.entries(devices));

    // then
    assertThat(entries).hasSize(1000);
    for (int i = 0; i < devices.size(); i++) {
      if (i % 2 == 0) {
        assertThat(entries.get(i)).get().extracting(PresenceEntry::conn).isEqualTo("c" + i);
        assertThat(entries.get(i).get().device()).isEqualTo(devices.get(i));
      } else {
        assertThat(entries.get(i)).isEmpty();
      }
    }
  }

  @Test
  void locationsReadAThousandDevicesInRequestOrderAsTheirEntriesSay() {
    // given: every other device online, owners of two edges, one id asked twice
    List<String> devices =
        new ArrayList<>(IntStream.range(0, 1001).mapToObj(i -> "loc-" + i).toList());
    devices.set(1000, "loc-0");
    for (int i = 0; i < 1000; i += 2) {
      claim(devices.get(i), "c" + i, i % 4 == 0 ? "i1" : "i2");
    }

    // when
    List<Optional<PresenceLocation>> locations = await(f.store.locations(devices));

    // then
    assertThat(locations).hasSize(1001);
    for (int i = 0; i < devices.size(); i++) {
      Optional<PresenceEntry> entry = await(f.store.entry(devices.get(i)));
      assertThat(locations.get(i))
          .as(devices.get(i))
          .isEqualTo(entry.map(PresenceStoreContract::where));
    }
    assertThat(locations.get(1000)).isEqualTo(locations.get(0)).isPresent();
  }

  @Test
  void locationsReadFieldsAsOneHmgetDoesWhateverTheirText() {
    // given: texts of every length class of the reply's encoding, separators, non-ASCII, empty
    // owner fields, and hashes written by hand: no conn, only a conn, empty numbers
    String wide = "p".repeat(300);
    String mid = "ñ:-,\"\u0000|".repeat(10);
    claim("odd-1", "c:1-", "i1");
    hset("odd-2", "conn", mid, "epoch", "3", "inst", "i-" + mid, "pod", wide, "podUid", "");
    hset("odd-2", "node", "", "since", "5", "seen", "6");
    hset("odd-3", "conn", "x".repeat(70_000), "epoch", "9", "inst", "i3", "pod", "é", "seen", "1");
    hset("odd-4", "epoch", "7", "inst", "i1");
    hset("odd-5", "conn", "only", "inst", "i5");
    hset("odd-6", "conn", "c6", "epoch", "", "inst", "i6", "since", "", "seen", "12");
    List<String> devices = List.of("odd-1", "odd-2", "odd-3", "odd-4", "odd-5", "odd-6", "odd-7");

    // when
    List<Optional<PresenceLocation>> locations = await(f.store.locations(devices));

    // then: each as StoreReplies reads the HMGET of the same fields
    for (int i = 0; i < devices.size(); i++) {
      assertThat(locations.get(i)).as(devices.get(i)).isEqualTo(hmgetLocation(devices.get(i)));
    }
    assertThat(locations.get(1).orElseThrow().owner().pod()).isEqualTo(wide);
    assertThat(locations.get(3)).isEmpty();
    assertThat(locations.get(5).orElseThrow().epoch()).isZero();
  }

  @Test
  void locationsOfAnEmptyListAreEmpty() {
    assertThat(await(f.store.locations(List.of()))).isEmpty();
  }

  private void hset(String device, String... fieldsAndValues) {
    io.vertx.mutiny.redis.client.Request request =
        io.vertx.mutiny.redis.client.Request.cmd(io.vertx.mutiny.redis.client.Command.HSET)
            .arg(f.keys.device(device));
    for (String part : fieldsAndValues) {
      request.arg(part);
    }
    await(f.runner.send(f.keys.device(device), request));
  }

  private Optional<PresenceLocation> hmgetLocation(String device) {
    io.vertx.mutiny.redis.client.Request request =
        io.vertx.mutiny.redis.client.Request.cmd(io.vertx.mutiny.redis.client.Command.HMGET)
            .arg(f.keys.device(device));
    StoreReplies.LOCATION_FIELDS.forEach(request::arg);
    return StoreReplies.location(device, await(f.runner.send(f.keys.device(device), request)));
  }

  private static PresenceLocation where(PresenceEntry entry) {
    return new PresenceLocation(
        entry.device(),
        entry.conn(),
        entry.epoch(),
        entry.owner(),
        entry.sinceMs(),
        entry.seenMs());
  }

  // --- instances ---

  @Test
  void registerWritesRecordAndLeaseAndKeepsStartTimeOnReRegister() throws InterruptedException {
    // given
    InstanceInfo info = new InstanceInfo(owner("inst-a"), "0.1.0");
    long started = await(f.registry.register(info));
    Thread.sleep(5);

    // when
    long again = await(f.registry.register(info));

    // then
    assertThat(again).isEqualTo(started);
    assertThat(await(f.registry.record("inst-a")))
        .get()
        .satisfies(
            r -> {
              assertThat(r.info()).isEqualTo(info);
              assertThat(r.startedMs()).isEqualTo(started);
            });
    assertThat(await(f.registry.leases(100)))
        .singleElement()
        .satisfies(l -> assertThat(l.inst()).isEqualTo("inst-a"));
  }

  @Test
  void expiredListsOnlyInstancesSilentLongerThanTheAge() throws InterruptedException {
    // given
    await(f.registry.register(new InstanceInfo(owner("quiet"), "v")));
    Thread.sleep(1_500);
    await(f.registry.register(new InstanceInfo(owner("busy"), "v")));

    // when: the age splits them with a second of margin either side for a stalled machine
    List<InstanceLease> expired = await(f.registry.expired(1_000, 100));
    List<InstanceLease> all = await(f.registry.leases(100));

    // then
    assertThat(expired).extracting(InstanceLease::inst).containsExactly("quiet");
    assertThat(expired.get(0).ageMs()).isGreaterThanOrEqualTo(1_000);
    assertThat(all).extracting(InstanceLease::inst).containsExactly("quiet", "busy");
  }

  @Test
  void leasesOfReadsHeartbeatAgesAgainstRedisClock() {
    // given
    await(f.registry.register(new InstanceInfo(owner("l1"), "v")));

    // when
    Map<String, InstanceLease> leases = await(f.registry.leasesOf(List.of("l1", "never")));

    // then
    assertThat(leases).containsOnlyKeys("l1");
    assertThat(leases.get("l1").ageMs()).isBetween(0L, 2_000L);
    assertThat(leases.get("l1").isFresh(15_000)).isTrue();
  }

  @Test
  void renewReportsALeaseThatWentMissing() {
    // given
    await(f.registry.register(new InstanceInfo(owner("r1"), "v")));

    // when
    boolean missingWhileRegistered = await(f.registry.renew("r1")).leaseWasMissing();
    await(f.registry.unregister("r1"));
    boolean missingAfterLoss = await(f.registry.renew("r1")).leaseWasMissing();

    // then
    assertThat(missingWhileRegistered).isFalse();
    assertThat(missingAfterLoss).isTrue();
  }

  @Test
  void unregisterRemovesLeaseRecordAndIndex() {
    // given
    await(f.registry.register(new InstanceInfo(owner("gone"), "v")));
    await(f.index.add("gone", "d1"));
    await(f.index.remove("gone", "d1"));

    // when
    await(f.registry.unregister("gone"));

    // then
    assertThat(await(f.registry.record("gone"))).isEmpty();
    assertThat(await(f.registry.leases(100))).isEmpty();
    assertThat(await(f.index.size("gone"))).isZero();
  }

  @Test
  @DisplayName("P8: an unregister with devices left in the index keeps the instance findable")
  void unregisterWithDevicesLeftKeepsLeaseRecordAndIndex() {
    // given: a drain whose release of d1 failed, so d1 is still indexed (and maybe held)
    await(f.registry.register(new InstanceInfo(owner("leftover"), "v")));
    await(f.index.add("leftover", "d1"));
    claim("d1", "c1", "leftover");

    // when
    Unregistration outcome = await(f.registry.retire("leftover"));

    // then
    assertThat(outcome).isEqualTo(Unregistration.DEVICES_LEFT);
    assertThat(await(f.registry.record("leftover"))).isPresent();
    assertThat(await(f.registry.leases(100))).extracting(InstanceLease::inst).contains("leftover");
    assertThat(await(f.index.size("leftover"))).isEqualTo(1L);
  }

  @Test
  void unregisterIfUnchangedRemovesAnInstanceWhoseLeaseDidNotMove() {
    // given
    await(f.registry.register(new InstanceInfo(owner("still"), "v")));
    long heartbeat = await(f.registry.leasesOf(List.of("still"))).get("still").heartbeatMs();
    String gen = await(f.registry.generation("still"));

    // when
    Unregistration outcome = await(f.registry.unregisterIfUnchanged("still", heartbeat, gen));

    // then
    assertThat(outcome).isEqualTo(Unregistration.REMOVED);
    assertThat(await(f.registry.record("still"))).isEmpty();
    assertThat(await(f.registry.leasesOf(List.of("still")))).isEmpty();
    assertThat(await(f.registry.unregisterIfUnchanged("still", heartbeat, gen)))
        .isEqualTo(Unregistration.ALREADY_GONE);
  }

  @Test
  @DisplayName("P8: a lease that moved since the verdict is not unregistered")
  void unregisterIfUnchangedKeepsAnInstanceWhoseHeartbeatMoved() throws InterruptedException {
    // given: the verdict read one heartbeat; the instance heartbeats again afterwards
    await(f.registry.register(new InstanceInfo(owner("back"), "v")));
    long judged = await(f.registry.leasesOf(List.of("back"))).get("back").heartbeatMs();
    String gen = await(f.registry.generation("back"));
    Thread.sleep(5);
    await(f.registry.heartbeat("back"));

    // when
    Unregistration outcome = await(f.registry.unregisterIfUnchanged("back", judged, gen));

    // then
    assertThat(outcome).isEqualTo(Unregistration.LEASE_MOVED);
    assertThat(await(f.registry.record("back"))).isPresent();
    assertThat(await(f.registry.leasesOf(List.of("back"))).get("back").heartbeatMs())
        .isGreaterThan(judged);
  }

  @Test
  @DisplayName("P8: an instance that registered again after the verdict keeps its record")
  void unregisterIfUnchangedLetsAReRegisteredInstanceWin() {
    // given: the generation is read, then the instance registers again (a returning edge)
    await(f.registry.register(new InstanceInfo(owner("again"), "v")));
    long judged = await(f.registry.leasesOf(List.of("again"))).get("again").heartbeatMs();
    String gen = await(f.registry.generation("again"));
    // its instance_register has landed, its heartbeat not yet
    await(
        f.runner.run(
            new ScriptCalls(f.keys).registerInstance(new InstanceInfo(owner("again"), "v"))));

    // when
    Unregistration outcome = await(f.registry.unregisterIfUnchanged("again", judged, gen));

    // then: record kept, and the lease put back so a later sweep can still find the instance
    assertThat(outcome).isEqualTo(Unregistration.REGISTERED_AGAIN);
    assertThat(await(f.registry.record("again"))).isPresent();
    assertThat(await(f.registry.leasesOf(List.of("again")))).containsKey("again");
  }

  // --- device index ---

  @Test
  void indexScanVisitsEveryDeviceAcrossPages() {
    // given
    List<String> devices = IntStream.range(0, 1000).mapToObj(i -> "ix-" + i).toList();
    await(f.index.addAll("i1", devices));
    await(f.index.remove("i1", "ix-0"));

    // when
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    int pages = 0;
    do {
      DeviceIndex.Page page = await(f.index.scan("i1", cursor, 100));
      seen.addAll(page.devices());
      cursor = page.nextCursor();
      pages++;
    } while (!"0".equals(cursor));

    // then
    assertThat(seen).hasSize(999).doesNotContain("ix-0");
    assertThat(pages).isGreaterThan(1);
    assertThat(await(f.index.size("i1"))).isEqualTo(999L);
  }

  // --- events ---

  @Test
  void eventsAreAppendedReadBackInOrderAndResumeAfterAnId() {
    // given
    List<PresenceEvent> appended =
        List.of(
            new PresenceEvent(EventType.ONLINE, "e1", "c1", "i1", "p1", 1),
            new PresenceEvent(EventType.REPLACED, "e1", "c1", "i1", "p1", 1),
            new PresenceEvent(EventType.OFFLINE, "e1", "c2", "i2", "p2", 2),
            new PresenceEvent(EventType.SWEPT, "e2", "c3", "i3", "p3", 3));
    List<String> ids = await(f.events.appendAll(appended));

    // when
    List<StoredEvent> all = await(f.events.readAfter("0", 100));
    List<StoredEvent> afterSecond = await(f.events.readAfter(ids.get(1), 100));

    // then
    assertThat(all).extracting(StoredEvent::event).containsExactlyElementsOf(appended);
    assertThat(afterSecond).extracting(StoredEvent::id).containsExactly(ids.get(2), ids.get(3));
    assertThat(await(f.events.lastId())).isEqualTo(ids.get(3));
  }

  @Test
  void eventStreamIsCapped() {
    // given
    StoreFixture capped = new StoreFixture(redis(), 100);
    try {
      // when
      for (int i = 0; i < 10; i++) {
        await(
            capped.events.appendAll(
                IntStream.range(0, 100)
                    .mapToObj(n -> new PresenceEvent(EventType.ONLINE, "d" + n, "c", "i", "p", n))
                    .toList()));
      }

      // then
      List<StoredEvent> kept = await(capped.events.readAfter("0", 10_000));
      assertThat(kept.size()).isBetween(100, 300);
    } finally {
      capped.close();
    }
  }

  // --- inbox ---

  @Test
  void publishToAnInstanceWithoutSubscriberReachesNoOne() {
    // when
    long receivers = await(f.inbox.publish("nobody", "{\"type\":\"kick\"}"));

    // then
    assertThat(receivers).isZero();
    assertThat(f.inbox.channel("i1")).isEqualTo(f.keys.inbox("i1"));
  }

  @Test
  void aSubscribedInstanceReceivesWhatIsPublishedToItsInbox() {
    // given
    List<InboxMessage> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    InboxSubscription subscription = f.inbox.subscribe("i1", received::add);
    try {
      Awaitility.await().atMost(WAIT).until(subscription::isSubscribed);

      // when
      long receivers =
          await(f.inbox.publish("i1", InboxCodec.encode(new InboxMessage.Kick("d1", "c1"))));

      // then
      assertThat(receivers).isEqualTo(1);
      Awaitility.await()
          .atMost(WAIT)
          .untilAsserted(
              () -> assertThat(received).containsExactly(new InboxMessage.Kick("d1", "c1")));
    } finally {
      subscription.close();
    }
  }
}
