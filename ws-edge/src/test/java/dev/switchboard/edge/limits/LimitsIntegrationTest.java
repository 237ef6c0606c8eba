package dev.switchboard.edge.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.testsupport.RawWebSocket;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Per-IP cap (429 before the upgrade) and the admission rate limit (1013 with a retry hint). */
@QuarkusTest
@TestProfile(LimitsIntegrationTest.TightLimits.class)
@WithTestResource(RedisTestResource.class)
class LimitsIntegrationTest {

  public static class TightLimits implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "switchboard.edge.limits.per-ip-connections", "5",
          "switchboard.edge.limits.admission-rate", "1",
          "switchboard.edge.limits.admission-burst", "3");
    }
  }

  @TestHTTPResource("/")
  URI base;

  @Test
  @DisplayName("P5: an admission storm is answered with 1013 and the per-IP cap with 429")
  void admissionStormIsAnsweredWith1013AndPerIpCapWith429() throws Exception {
    // when: five devices upgrade back to back (a burst of 3, then 1 a second); welcomes are not
    // awaited in between, so that a slow first claim cannot let the bucket refill
    List<WsTestClient> storm = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      storm.add(WsTestClient.connect(base, "", TestTokens.bearer("storm-" + i)));
    }

    // then: the burst is welcomed, and those beyond it are told to come back later, with a hint
    List<WsTestClient> admitted = new ArrayList<>();
    List<WsTestClient.CloseStatus> throttled = new ArrayList<>();
    for (WsTestClient client : storm) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> client.closeStatus().isPresent() || client.hasFrames());
      if (client.closeStatus().isPresent()) {
        throttled.add(client.closeStatus().get());
      } else {
        client.connectionId();
        admitted.add(client);
      }
    }
    assertThat(admitted.size()).isGreaterThanOrEqualTo(3);
    assertThat(throttled).isNotEmpty();
    assertThat(throttled)
        .allSatisfy(
            reason -> {
              assertThat(reason.code()).isEqualTo(1013);
              assertThat(reason.reason()).startsWith("admission limit; try again in");
            });

    // and when one address holds its cap (5), the next upgrade from it is refused before upgrading
    List<RawWebSocket> held = new ArrayList<>();
    int status = 101;
    for (int i = 0; i < 5 && status == 101; i++) {
      RawWebSocket raw = RawWebSocket.connect(base, "/v1/connect", TestTokens.bearer("ip-" + i));
      status = raw.status();
      held.add(raw);
    }
    assertThat(status).isEqualTo(429);
    RawWebSocket refused = held.get(held.size() - 1);
    assertThat(refused.headers().get("retry-after")).isEqualTo("10");
    JsonObject problem = new JsonObject(refused.body());
    assertThat(problem.getInteger("status")).isEqualTo(429);
    assertThat(problem.getString("title")).isEqualTo("Too Many Requests");
    assertThat(problem.getString("reason")).isEqualTo("per_ip_limit");
    assertThat(problem.getString("detail")).startsWith("too many connections from ");
    assertThat(problem.getLong("retryAfterMs")).isEqualTo(10_000L);
    for (RawWebSocket raw : held) {
      raw.close();
    }
    admitted.forEach(WsTestClient::close);
  }
}
