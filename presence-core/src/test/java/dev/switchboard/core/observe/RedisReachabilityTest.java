package dev.switchboard.core.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The readiness arithmetic, on answers recorded by hand: no Redis, no clock. */
class RedisReachabilityTest {

  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final long S = 1_000_000_000L;

  @Test
  void notReadyBeforeRedisFirstAnswers() {
    RedisReachability redis = new RedisReachability(null);

    assertThat(redis.isReachable(GRACE, System.nanoTime())).isFalse();
    assertThat(redis.notReadyReason(GRACE, System.nanoTime()))
        .isEqualTo("Redis has not answered yet");
  }

  @Test
  void readyUntilRedisHasBeenSilentForLongerThanTheGrace() {
    // given
    RedisReachability redis = new RedisReachability(null);
    long t0 = 1_000 * S;

    // when
    redis.answered(t0);

    // then
    assertThat(redis.isReachable(GRACE, t0 + 10 * S)).isTrue();
    assertThat(redis.notReadyReason(GRACE, t0 + 10 * S)).isEmpty();
    assertThat(redis.isReachable(GRACE, t0 + 10 * S + 1)).isFalse();
    assertThat(redis.notReadyReason(GRACE, t0 + 12 * S))
        .isEqualTo("Redis unanswered for 12000 ms (switchboard.redis.grace PT10S)");
    redis.answered(t0 + 12 * S);
    assertThat(redis.isReachable(GRACE, t0 + 12 * S)).isTrue();
  }
}
