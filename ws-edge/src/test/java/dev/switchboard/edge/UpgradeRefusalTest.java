package dev.switchboard.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
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

  private int upgradeStatus(String pathAndQuery, Map<String, String> headers) throws Exception {
    try (RawWebSocket raw = RawWebSocket.connect(base, pathAndQuery, headers)) {
      return raw.status;
    }
  }

  private boolean hasEntry(String device) {
    return store.entry(device).await().atMost(Duration.ofSeconds(5)).isPresent();
  }

  @Test
  void badTokenIsRefusedBeforeUpgrade() throws Exception {
    // given
    String forged =
        new dev.switchboard.edge.auth.Hs256JwtVerifier(
                "some-other-secret-some-other-secret!!", Duration.ZERO)
            .sign(
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
    assertThat(upgradeStatus("/v1/connect", Map.of())).isEqualTo(401);
    assertThat(upgradeStatus("/v1/connect", Map.of("Authorization", "Bearer " + forged)))
        .isEqualTo(401);
    assertThat(upgradeStatus("/v1/connect", Map.of("Authorization", "Bearer " + expired)))
        .isEqualTo(401);
    assertThat(upgradeStatus("/v1/connect", Map.of("Authorization", "Bearer " + noExp)))
        .isEqualTo(401);
    assertThat(upgradeStatus("/v1/connect", Map.of("Authorization", "Bearer garbage")))
        .isEqualTo(401);
    assertThat(upgradeStatus("/v1/connect", Map.of("Authorization", "Bearer " + badSub)))
        .isEqualTo(403);
    assertThat(upgradeStatus("/v1/connect?device=victim", Map.of())).isEqualTo(401);
    assertThat(hasEntry("victim")).isFalse();
    assertThat(hasEntry("late")).isFalse();
  }

  @Test
  void refusalSaysWhyInAHeader() throws Exception {
    try (RawWebSocket raw = RawWebSocket.connect(base, "/v1/connect", Map.of())) {
      assertThat(raw.status).isEqualTo(401);
      assertThat(raw.headers.get("x-switchboard-reason")).contains("bearer token");
    }
  }

  @Test
  void browsersCanSendTheTokenAsAQueryParameter() {
    // when
    try (WsClient client =
        WsClient.connect(base, "access_token=" + TestTokens.forDevice("browser-1"), Map.of())) {

      // then
      assertThat(client.connectionId()).isNotBlank();
      assertThat(hasEntry("browser-1")).isTrue();
    }
  }

  @Test
  void browsersCanSendTheTokenInTheSubprotocolHeaderForm() {
    // when
    var connection =
        BasicWebSocketConnector.create()
            .baseUri(base)
            .path("/v1/connect")
            .addSubprotocol("bearer-token-carrier")
            .addSubprotocol(
                URLEncoder.encode(
                    "quarkus-http-upgrade#Authorization#Bearer "
                        + TestTokens.forDevice("browser-2"),
                    StandardCharsets.UTF_8))
            .connectAndAwait();

    // then
    try {
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> hasEntry("browser-2"));
      assertThat(connection.subprotocol()).isEqualTo("bearer-token-carrier");
    } finally {
      connection.closeAndAwait();
    }
  }
}
