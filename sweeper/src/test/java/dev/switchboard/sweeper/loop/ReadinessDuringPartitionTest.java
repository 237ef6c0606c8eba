package dev.switchboard.sweeper.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.InjectRedis;
import dev.switchboard.testsupport.ProxiedRedisTestResource;
import dev.switchboard.testsupport.ReadinessProbe;
import dev.switchboard.testsupport.ReadinessProbe.Answer;
import dev.switchboard.testsupport.TcpProxy;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A partition between the sweeper and Redis (the path blackholed: connections open, nothing
 * answered). Readiness answers every probe at once from what the sweeper last heard from Redis, and
 * goes DOWN only once Redis has been silent for {@code switchboard.redis.grace}. Quarkus's own
 * Redis check, used before, made each probe wait on Redis. (Its loop, in a test without a cluster,
 * never starts: {@link LoopHealth} reports the run-once mode as UP.)
 */
@QuarkusTest
@WithTestResource(ProxiedRedisTestResource.class)
@TestProfile(ReadinessDuringPartitionTest.ShortGrace.class)
class ReadinessDuringPartitionTest {

  /** A 3 s grace, so the test sees it end. */
  public static class ShortGrace implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("switchboard.redis.grace", "3s", "switchboard.redis.timeout", "1s");
    }
  }

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
  private static final long GRACE_MS = 3_000;

  /** Redis's last answer may precede the blackhole by up to one ping period. */
  private static final long PING_PERIOD_MS = 1_000;

  @TestHTTPResource("/")
  URI base;

  @InjectRedis TcpProxy proxy;

  @Test
  void readinessAnswersAtOnceDuringABlackholeAndGoesDownOnlyAfterTheGrace() {
    ReadinessProbe probe = new ReadinessProbe(base, PROBE_TIMEOUT);
    assertThat(probe.until(200, System.nanoTime(), Duration.ofMillis(200), Duration.ofSeconds(20)))
        .last()
        .extracting(Answer::status)
        .isEqualTo(200);
    try {
      // when
      proxy.freeze();
      long frozen = System.nanoTime();
      List<Answer> answers =
          probe.until(503, frozen, Duration.ofMillis(250), Duration.ofSeconds(15));

      // then
      System.out.printf(
          "READINESS during a blackhole: %d probes, slowest answer %d ms, DOWN after %d ms%n",
          answers.size(),
          answers.stream().mapToLong(Answer::tookMs).max().orElse(-1),
          answers.get(answers.size() - 1).atMs());
      assertThat(answers)
          .as("every probe answered within the probe timeout")
          .noneMatch(a -> a.status() == 0);
      assertThat(answers).last().extracting(Answer::status).isEqualTo(503);
      assertThat(answers.get(answers.size() - 1).atMs())
          .as("DOWN only once Redis was silent for the grace")
          .isGreaterThanOrEqualTo(GRACE_MS - PING_PERIOD_MS);
      assertThat(answers.subList(0, answers.size() - 1)).allMatch(a -> a.status() == 200);
    } finally {
      proxy.thaw();
    }

    // and when the path heals, ready again
    assertThat(probe.until(200, System.nanoTime(), Duration.ofMillis(200), Duration.ofSeconds(15)))
        .last()
        .extracting(Answer::status)
        .isEqualTo(200);
  }
}
