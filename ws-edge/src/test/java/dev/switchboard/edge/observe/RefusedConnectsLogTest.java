package dev.switchboard.edge.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.testsupport.CapturedLog;
import dev.switchboard.testsupport.InjectRedis;
import dev.switchboard.testsupport.RedisServer;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A storm of connects refused during a Redis outage is an expected event: it used to cost two WARN
 * lines per connect (2,001 lines per 1,000 refused connects, BENCHMARKS.md); now each is a DEBUG
 * line about its socket and one INFO line per interval counts them.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@TestProfile(RefusedConnectsLogTest.LongGrace.class)
class RefusedConnectsLogTest {

  /** A grace long enough that every connect of the test is accepted and then fails its claim. */
  public static class LongGrace implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("switchboard.edge.redis.grace", "5m");
    }
  }

  private static final int CONNECTS = 30;

  @TestHTTPResource("/")
  URI base;

  @InjectRedis RedisServer redis;
  @Inject RefusalLog refusals;

  @Test
  void connectsRefusedDuringARedisOutageAreCountedNotWarnedOneByOne() {
    try (CapturedLog log = CapturedLog.start()) {
      // given
      redis.kill();
      refusals.flush();

      // when
      for (int i = 0; i < CONNECTS; i++) {
        try (WsTestClient c = WsTestClient.connect(base, "", TestTokens.bearer("refused-" + i))) {
          assertThat(c.awaitClose().code()).isEqualTo(1013);
        }
      }
      refusals.flush();

      // then
      List<CapturedLog.Line> aboutSockets =
          log.lines().stream().filter(l -> l.fields().containsKey("device")).toList();
      assertThat(aboutSockets).as("lines about the refused sockets").isNotEmpty();
      assertThat(aboutSockets).allMatch(l -> l.level().equals("DEBUG"));
      assertThat(log.warningsAndErrors())
          .as("at most the one line saying Redis is unreachable")
          .allMatch(l -> l.message().startsWith("Redis unreachable"))
          .hasSizeLessThanOrEqualTo(1);
      assertThat(log.lines())
          .filteredOn(l -> l.logger().equals(RefusalLog.class.getName()))
          .singleElement()
          .satisfies(
              l -> {
                assertThat(l.level()).isEqualTo("INFO");
                assertThat(l.message())
                    .startsWith("refused " + CONNECTS + " connects in the last ")
                    .endsWith(": redis_unavailable=" + CONNECTS);
              });
    } finally {
      redis.restart();
    }
  }
}
