package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.Owner;
import dev.switchboard.core.redis.RedisTimeoutException;
import dev.switchboard.testsupport.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
  void releaseSentAfterATimedOutClaimRunsAfterIt() throws Exception {
    Owner owner = StoreFixture.owner("i1");
    // warm every shared connection and the script cache
    for (int i = 0; i < 8; i++) {
      f.store.release("warm-" + i, "c").await().atMost(Duration.ofSeconds(5));
      f.store
          .claim(ClaimRequest.newest("warm-" + i, "c", owner, "a"))
          .await()
          .atMost(Duration.ofSeconds(5));
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

      // when: the caller undoes the claim whose outcome it does not know
      f.store.release(device, conn).subscribe().with(ok -> {}, failure -> {});
      Thread.sleep(1500);

      // then: the claim ran first and the release removed it; no zombie
      assertThat(f.store.entry(device).await().atMost(Duration.ofSeconds(5)))
          .as("entry of %s after the pause", device)
          .isEmpty();
    }
  }

  @Test
  void indexRemoveSentAfterATimedOutAddRunsAfterIt() throws Exception {
    for (int i = 0; i < 4; i++) {
      String device = "late-index-" + i;
      redis.call("CLIENT", "PAUSE", "1200", "ALL");
      assertThatThrownBy(() -> f.index.add("i1", device).await().atMost(Duration.ofSeconds(5)))
          .isInstanceOf(RedisTimeoutException.class);
      f.index.remove("i1", device).subscribe().with(ok -> {}, failure -> {});
      Thread.sleep(1500);
      assertThat(String.valueOf(redis.call("SISMEMBER", f.keys.instanceDevices("i1"), device)))
          .as("index membership of %s", device)
          .isEqualTo("0");
    }
  }
}
