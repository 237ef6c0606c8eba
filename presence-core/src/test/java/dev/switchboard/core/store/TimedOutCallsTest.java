package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.Owner;
import dev.switchboard.core.redis.RedisTimeoutException;
import dev.switchboard.testsupport.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A call that times out here is not a call that failed: it can still run in Redis later. The churn
 * bench found the zombie this makes (a claim that timed out ran after the edge had given up on the
 * socket). The edge undoes such a claim with a release; these tests pin the guarantee that undo
 * relies on: requests about one device from one process run in Redis in the order they were sent.
 */
class TimedOutCallsTest {

  private static RedisServer redis;
  private static StoreFixture f;

  @BeforeAll
  static void start() {
    redis = RedisServer.start();
    f = new StoreFixture(redis, 1_000, Duration.ofMillis(500));
  }

  @AfterAll
  static void stop() {
    f.close();
    redis.close();
  }

  @Test
  @DisplayName("P3: a release sent after a timed-out claim runs after it in Redis")
  void releaseSentAfterATimedOutClaimRunsAfterIt() throws Exception {
    Owner owner = StoreFixture.owner("i1");
    // warm every shared connection and the script cache (a cold first call may exceed 500 ms)
    for (int i = 0; i < 8; i++) {
      String device = "warm-" + i;
      await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .until(
              () -> {
                f.store.release(device, "c").await().atMost(Duration.ofSeconds(5));
                f.store
                    .claim(ClaimRequest.newest(device, "c", owner, "a"))
                    .await()
                    .atMost(Duration.ofSeconds(5));
                return true;
              });
    }
    for (int i = 0; i < 4; i++) {
      String device = "late-" + i;
      String conn = "c-" + i;
      // given: Redis stalls long enough for the claim to time out here, but not to be lost
      redis.call("CLIENT", "PAUSE", "1200", "ALL");
      assertThatThrownBy(
              () ->
                  f.store
                      .claim(ClaimRequest.newest(device, conn, owner, "a"))
                      .await()
                      .atMost(Duration.ofSeconds(5)))
          .isInstanceOf(RedisTimeoutException.class);

      // when: the caller undoes the claim whose outcome it does not know (the release times out
      // here too, but runs in Redis when the pause ends)
      f.store.release(device, conn).subscribe().with(ok -> {}, failure -> {});

      // then: the claim ran first and the release removed it; no zombie. A release run before
      // the claim would leave the entry for good. Reads go down the same connection, so a read
      // that answers comes after both.
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .alias("entry of " + device + " after the pause")
          .until(() -> f.store.entry(device).await().atMost(Duration.ofSeconds(5)).isEmpty());
    }
  }

  @Test
  @DisplayName(
      "P3: a release and index remove sent after a timed-out indexed claim run after it in Redis")
  void undoSentAfterATimedOutIndexedClaimRunsAfterIt() throws Exception {
    Owner owner = StoreFixture.owner("i1");
    // warm every shared connection and the script cache (a cold first call may exceed 500 ms, and
    // a release that meets NOSCRIPT after its timeout never sends the script's body)
    for (int i = 0; i < 8; i++) {
      String device = "warm-indexed-" + i;
      await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .until(
              () -> {
                f.store.release(device, "c").await().atMost(Duration.ofSeconds(5));
                f.store
                    .claimIndexed(f.index, "i1", ClaimRequest.newest(device, "c", owner, "a"))
                    .await()
                    .atMost(Duration.ofSeconds(5));
                return true;
              });
    }
    for (int i = 0; i < 4; i++) {
      String device = "late-indexed-" + i;
      String conn = "c-" + i;
      // given: Redis stalls long enough for the pipelined add and claim to time out here
      redis.call("CLIENT", "PAUSE", "1200", "ALL");
      assertThatThrownBy(
              () ->
                  f.store
                      .claimIndexed(f.index, "i1", ClaimRequest.newest(device, conn, owner, "a"))
                      .await()
                      .atMost(Duration.ofSeconds(5)))
          .isInstanceOf(RedisTimeoutException.class);

      // when: the caller undoes both whose outcome it does not know (they time out here too, but
      // run in Redis when the pause ends)
      f.store.release(device, conn).subscribe().with(ok -> {}, failure -> {});
      f.index.remove("i1", device).subscribe().with(ok -> {}, failure -> {});

      // then: the add and the claim ran first, the undo after them: no entry, no member
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .alias("entry and index membership of " + device + " after the pause")
          .untilAsserted(
              () -> {
                assertThat(f.store.entry(device).await().atMost(Duration.ofSeconds(5))).isEmpty();
                assertThat(
                        String.valueOf(
                            redis.call("SISMEMBER", f.keys.instanceDevices("i1"), device)))
                    .isEqualTo("0");
              });
    }
  }

  @Test
  @DisplayName("P3: an index remove sent after a timed-out add runs after it in Redis")
  void indexRemoveSentAfterATimedOutAddRunsAfterIt() throws Exception {
    for (int i = 0; i < 4; i++) {
      String device = "late-index-" + i;
      redis.call("CLIENT", "PAUSE", "1200", "ALL");
      assertThatThrownBy(() -> f.index.add("i1", device).await().atMost(Duration.ofSeconds(5)))
          .isInstanceOf(RedisTimeoutException.class);
      f.index.remove("i1", device).subscribe().with(ok -> {}, failure -> {});
      Thread.sleep(1500);
      await()
          .atMost(Duration.ofSeconds(10))
          .alias("index membership of " + device)
          .until(
              () ->
                  "0"
                      .equals(
                          String.valueOf(
                              redis.call("SISMEMBER", f.keys.instanceDevices("i1"), device))));
    }
  }
}
