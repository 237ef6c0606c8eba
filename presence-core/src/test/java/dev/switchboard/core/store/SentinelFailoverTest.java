package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreFixture.owner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.ClaimResult;
import dev.switchboard.core.model.InboxMessage;
import dev.switchboard.core.model.TouchResult;
import dev.switchboard.core.redis.InboxCodec;
import dev.switchboard.testsupport.RedisSentinelGroup;
import dev.switchboard.testsupport.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * presence-core against a real Sentinel group (primary, replica, three Sentinels) through the
 * Vert.x client in Sentinel mode: after a failover every shared connection and the inbox
 * subscription must follow the new primary within a bound, none stays on the demoted node answering
 * READONLY.
 */
@DisplayName("Sentinel failover: the shared connections and the inbox follow the new primary")
class SentinelFailoverTest {

  private static final Logger LOG = Logger.getLogger(SentinelFailoverTest.class);

  /** From the failover's end (the Sentinels agree) until every kind of call works again. */
  static final Duration RECOVERY_BOUND = Duration.ofSeconds(5);

  /**
   * From the failover's end until the subscription is on the new primary: one ROLE check, the retry
   * delay, the client's Sentinel topology cache (1 s), and a margin for a loaded machine.
   */
  static final Duration SUBSCRIPTION_BOUND =
      InboxSubscription.CHECK_EVERY.plus(InboxSubscription.RETRY).plusSeconds(4);

  /** Enough devices that every shared connection (routed by device key) carries some. */
  private static final int DEVICES = 32;

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

  private static RedisSentinelGroup group;
  private StoreFixture f;
  private final Map<String, Long> epochs = new ConcurrentHashMap<>();

  @BeforeAll
  static void startGroup() {
    group = RedisSentinelGroup.start();
  }

  @AfterAll
  static void stopGroup() {
    group.close();
  }

  @BeforeEach
  void openFixture() {
    f = new StoreFixture(group, 1_000, CALL_TIMEOUT);
  }

  @AfterEach
  void closeFixture() {
    f.close();
  }

  @Test
  void claimsTouchesAndReleasesReachTheNewPrimaryAfterAFailover() {
    // given
    List<String> before = devices("before");
    before.forEach(d -> claim(d, "c-" + d));
    group.awaitReplicasCaughtUp();

    // when
    RedisServer promoted = group.failover();
    long recoveredMs = awaitRecovery("failover");

    // then
    assertThat(group.primary()).isSameAs(promoted);
    assertThat(recoveredMs).isLessThan(RECOVERY_BOUND.toMillis());
    assertEveryCallWorksOn(promoted, "after");
    assertThat(touchAll(before)).containsOnly(TouchResult.TOUCHED);
  }

  @Test
  void callsRecoverAfterAFailoverThatLostWritesAndTheLostEntriesReadMissing() {
    // given
    group.cutReplication();
    List<String> lost = devices("lost");
    lost.forEach(d -> claim(d, "c-" + d));

    // when
    RedisServer promoted = group.failoverLosingWrites();
    long recoveredMs = awaitRecovery("failover losing writes");

    // then
    assertThat(recoveredMs).isLessThan(RECOVERY_BOUND.toMillis());
    assertEveryCallWorksOn(promoted, "after-loss");
    assertThat(touchAll(lost)).containsOnly(TouchResult.MISSING);
  }

  @Test
  void theInboxSubscriptionMovesToTheNewPrimary() {
    // given
    List<InboxMessage> received = new CopyOnWriteArrayList<>();
    InboxSubscription subscription = f.inbox.subscribe("i1", received::add);
    try {
      Awaitility.await().atMost(RECOVERY_BOUND).until(subscription::isSubscribed);
      String channel = f.keys.inbox("i1");

      // when
      RedisServer promoted = group.failover();
      long start = System.nanoTime();

      // then
      Awaitility.await()
          .atMost(SUBSCRIPTION_BOUND)
          .untilAsserted(() -> assertThat(shardSubscribers(promoted, channel)).isEqualTo(1L));
      LOG.infof(
          "the inbox subscription moved %d ms after the failover",
          (System.nanoTime() - start) / 1_000_000);
      InboxMessage kick = new InboxMessage.Kick("d1", "c1");
      assertThat(promoted.call("SPUBLISH", channel, InboxCodec.encode(kick))).hasToString("1");
      Awaitility.await()
          .atMost(RECOVERY_BOUND)
          .untilAsserted(() -> assertThat(received).containsExactly(kick));
    } finally {
      subscription.close();
    }
  }

  /**
   * Runs rounds of claim, touch and release on every shared connection until one round succeeds
   * entirely, and returns how long that took (milliseconds since the Sentinels agreed).
   */
  private long awaitRecovery(String what) {
    long start = System.nanoTime();
    List<String> failures = new ArrayList<>();
    int round = 0;
    while (true) {
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      String tag = what.replace(' ', '-') + "-" + round;
      Optional<String> failure = attempt(() -> oneRound(tag));
      if (failure.isEmpty()) {
        LOG.infof(
            "recovered %d ms after the %s, %d failed rounds: %s",
            elapsedMs, what, failures.size(), failures.stream().distinct().toList());
        return elapsedMs;
      }
      failures.add(failure.get());
      assertThat(elapsedMs)
          .as("calls still fail %d ms after the %s: %s", elapsedMs, what, failures.get(0))
          .isLessThan(RECOVERY_BOUND.toMillis() * 3);
      round++;
      sleep(50);
    }
  }

  /** Every call, on every shared connection, succeeds and its writes are on {@code primary}. */
  private void assertEveryCallWorksOn(RedisServer primary, String tag) {
    for (int round = 0; round < 10; round++) {
      List<String> devices = oneRound(tag + "-" + round);
      String kept = devices.get(0);
      claim(kept, "kept");
      assertThat(primary.call("EXISTS", f.keys.device(kept))).hasToString("1");
    }
  }

  private List<String> oneRound(String tag) {
    List<String> devices = devices(tag);
    devices.forEach(d -> claim(d, "c-" + d));
    assertThat(touchEach(devices)).containsOnly(TouchResult.TOUCHED);
    assertThat(touchAll(devices)).containsOnly(TouchResult.TOUCHED);
    devices.forEach(d -> assertThat(release(d, "c-" + d)).isTrue());
    return devices;
  }

  private static List<String> devices(String tag) {
    return IntStream.range(0, DEVICES).mapToObj(i -> tag + "-d" + i).toList();
  }

  private void claim(String device, String conn) {
    ClaimResult.Claimed claimed =
        (ClaimResult.Claimed)
            f.store
                .claim(ClaimRequest.newest(device, conn, owner("i1"), "10.0.0.1:5000"))
                .await()
                .atMost(CALL_TIMEOUT.multipliedBy(2));
    epochs.put(device, claimed.epoch());
  }

  /** One routed touch per device (the shared connection its key maps to). */
  private List<TouchResult> touchEach(List<String> devices) {
    return devices.stream()
        .map(d -> f.store.touch(conn(d)).await().atMost(CALL_TIMEOUT.multipliedBy(2)))
        .toList();
  }

  /** All devices touched in one pipeline. */
  private List<TouchResult> touchAll(List<String> devices) {
    return f.store
        .touchAll(devices.stream().map(this::conn).toList())
        .await()
        .atMost(CALL_TIMEOUT.multipliedBy(2));
  }

  private PresenceStore.DeviceConn conn(String device) {
    return new PresenceStore.DeviceConn(device, "c-" + device, epochs.getOrDefault(device, 1L));
  }

  private boolean release(String device, String conn) {
    return f.store.release(device, conn).await().atMost(CALL_TIMEOUT.multipliedBy(2));
  }

  private static long shardSubscribers(RedisServer server, String channel) {
    List<?> reply = (List<?>) server.call("PUBSUB", "SHARDNUMSUB", channel);
    return Long.parseLong(reply.get(1).toString());
  }

  private static Optional<String> attempt(Supplier<?> action) {
    try {
      action.get();
      return Optional.empty();
    } catch (RuntimeException | AssertionError e) {
      String message = String.valueOf(e.getMessage());
      return Optional.of(message.lines().findFirst().orElse(message));
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
