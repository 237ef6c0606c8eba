package dev.switchboard.edge.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.InjectRedis;
import dev.switchboard.testsupport.ProxiedRedisTestResource;
import dev.switchboard.testsupport.ReadinessProbe;
import dev.switchboard.testsupport.ReadinessProbe.Blackhole;
import dev.switchboard.testsupport.TcpProxy;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A partition between an edge and Redis (the path blackholed: connections open, nothing answered).
 * Readiness answers every probe at once from the state its lease keeper keeps, and goes DOWN only
 * once Redis has failed for {@code switchboard.edge.redis.grace}. Quarkus's own Redis check, used
 * before, made each probe wait on Redis.
 */
@QuarkusTest
@WithTestResource(ProxiedRedisTestResource.class)
@TestProfile(ReadinessDuringPartitionTest.ShortGrace.class)
class ReadinessDuringPartitionTest {

  /** A 3 s grace, so the test sees it end. */
  public static class ShortGrace implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("switchboard.edge.redis.grace", "3s", "switchboard.redis.timeout", "1s");
    }
  }

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

  /** The grace, less a ping period: Redis's last answer may precede the blackhole by one. */
  private static final Duration EARLIEST_DOWN = Duration.ofSeconds(3 - 1);

  @TestHTTPResource("/")
  URI base;

  @InjectRedis TcpProxy proxy;

  @Test
  void readinessAnswersAtOnceDuringABlackholeAndGoesDownOnlyAfterTheGrace() {
    // when
    Blackhole run = new ReadinessProbe(base, PROBE_TIMEOUT).acrossBlackhole(proxy);

    // then
    System.out.println(run.summary());
    assertThat(run.problems(EARLIEST_DOWN)).isEmpty();
  }
}
