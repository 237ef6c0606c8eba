package dev.switchboard.edge.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.edge.observe.ConnectResult;
import dev.switchboard.testsupport.PrometheusExposition;
import dev.switchboard.testsupport.RawWebSocket;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad credentials are refused with an HTTP status before the upgrade; no socket, no entry. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class UpgradeRefusalTest {

  @TestHTTPResource("/")
  URI base;

  @Inject PresenceStore store;

  /** The HTTP status a well-behaved client sees for its upgrade: 101 if it was accepted. */
  private int upgradeStatus(String query, Map<String, String> headers) {
    try (WsTestClient accepted = WsTestClient.connect(base, query, headers)) {
      return 101;
    } catch (WsTestClient.UpgradeRefusedException refused) {
      return refused.status();
    }
  }

  private boolean hasEntry(String device) {
    return store.entry(device).await().atMost(Duration.ofSeconds(5)).isPresent();
  }

  @Test
  void badTokenIsRefusedBeforeUpgrade() {
    // given
    String forged =
        TestTokens.signedWith(
            "some-other-secret-some-other-secret!!",
            new JsonObject()
                .put("sub", "victim")
                .put("exp", System.currentTimeMillis() / 1000 + 60));
    String expired =
        TestTokens.signed(
            new JsonObject().put("sub", "late").put("exp", System.currentTimeMillis() / 1000 - 60));
    String noExp = TestTokens.signed(new JsonObject().put("sub", "forever"));
    String badSub =
        TestTokens.signed(
            new JsonObject()
                .put("sub", "not a device!")
                .put("exp", System.currentTimeMillis() / 1000 + 60));

    // when / then
    assertThat(upgradeStatus("", Map.of())).isEqualTo(401);
    assertThat(upgradeStatus("", Map.of("Authorization", "Bearer " + forged))).isEqualTo(401);
    assertThat(upgradeStatus("", Map.of("Authorization", "Bearer " + expired))).isEqualTo(401);
    assertThat(upgradeStatus("", Map.of("Authorization", "Bearer " + noExp))).isEqualTo(401);
    assertThat(upgradeStatus("", Map.of("Authorization", "Bearer garbage"))).isEqualTo(401);
    assertThat(upgradeStatus("", Map.of("Authorization", "Bearer " + badSub))).isEqualTo(403);
    assertThat(upgradeStatus("device=victim", Map.of())).isEqualTo(401);
    assertThat(hasEntry("victim")).isFalse();
    assertThat(hasEntry("late")).isFalse();
  }

  @Test
  void refusalSaysWhyInAHeaderAndAProblemBody() throws Exception {
    // when
    try (RawWebSocket raw = RawWebSocket.connect(base, "/v1/connect", Map.of())) {

      // then: the header for proxies and scripts, the body for whoever reads the response
      assertThat(raw.status()).isEqualTo(401);
      assertThat(raw.headers().get("x-switchboard-reason")).contains("bearer token");
      assertThat(raw.headers().get("content-type")).isEqualTo("application/problem+json");
      JsonObject problem = new JsonObject(raw.body());
      assertThat(problem.getString("type")).isEqualTo("about:blank");
      assertThat(problem.getString("title")).isEqualTo("Unauthorized");
      assertThat(problem.getInteger("status")).isEqualTo(401);
      assertThat(problem.getString("reason")).isEqualTo("unauthorized");
      assertThat(problem.getString("detail")).isEqualTo(raw.headers().get("x-switchboard-reason"));
      assertThat(problem.containsKey("retryAfterMs")).isFalse();
    }
  }

  private double connects(ConnectResult result) {
    String scrape = RestAssured.given().baseUri(base.toString()).get("/q/metrics").asString();
    return PrometheusExposition.parse(scrape)
        .get("switchboard_edge_connects")
        .value("{result=\"" + result.tag() + "\"}");
  }

  @Test
  void aRefusalWithAProblemBodyIsStillCountedByResult() throws Exception {
    // given
    double before = connects(ConnectResult.UNAUTHORIZED);

    // when
    try (RawWebSocket raw = RawWebSocket.connect(base, "/v1/connect", Map.of())) {

      // then: the route answered it, and the connect metric counted it under the body's reason
      assertThat(raw.status()).isEqualTo(401);
      assertThat(new JsonObject(raw.body()).getString("reason"))
          .isEqualTo(ConnectResult.UNAUTHORIZED.tag());
    }
    assertThat(connects(ConnectResult.UNAUTHORIZED)).isEqualTo(before + 1);
  }

  @Test
  void aTokenWithABadSubjectIsAForbiddenProblem() throws Exception {
    // given
    String badSub =
        TestTokens.signed(
            new JsonObject()
                .put("sub", "not a device!")
                .put("exp", System.currentTimeMillis() / 1000 + 60));

    // when
    try (RawWebSocket raw =
        RawWebSocket.connect(base, "/v1/connect", Map.of("Authorization", "Bearer " + badSub))) {

      // then
      assertThat(raw.status()).isEqualTo(403);
      JsonObject problem = new JsonObject(raw.body());
      assertThat(problem.getString("title")).isEqualTo("Forbidden");
      assertThat(problem.getString("reason")).isEqualTo("forbidden");
      assertThat(problem.getString("detail")).isNotBlank();
    }
  }

  @Test
  void browsersCanSendTheTokenAsAQueryParameter() {
    // when
    try (WsTestClient client =
        WsTestClient.connect(base, "access_token=" + TestTokens.forDevice("browser-1"), Map.of())) {

      // then
      assertThat(client.connectionId()).isNotBlank();
      assertThat(hasEntry("browser-1")).isTrue();
    }
  }

  @Test
  void browsersCanSendTheTokenInTheSubprotocolHeaderForm() {
    // when
    try (WsTestClient client =
        WsTestClient.to(base)
            .subprotocols(
                "bearer-token-carrier",
                URLEncoder.encode(
                    "quarkus-http-upgrade#Authorization#Bearer "
                        + TestTokens.forDevice("browser-2"),
                    StandardCharsets.UTF_8))
            .connect()) {

      // then
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> hasEntry("browser-2"));
      assertThat(client.subprotocol()).isEqualTo("bearer-token-carrier");
    }
  }
}
