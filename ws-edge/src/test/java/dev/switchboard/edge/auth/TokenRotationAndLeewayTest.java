package dev.switchboard.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A secret rotation as the edge sees it (config is per process: the new secret is primary, the old
 * one secondary) and the leeway applied alike at the upgrade and mid-session.
 */
@QuarkusTest
@TestProfile(TokenRotationAndLeewayTest.Rotating.class)
@WithTestResource(RedisTestResource.class)
class TokenRotationAndLeewayTest {

  static final String NEW_SECRET = "the-new-secret-the-new-secret-the-new-0001";

  public static class Rotating implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "switchboard.auth.secret",
          NEW_SECRET,
          "switchboard.auth.secondary-secret",
          TestTokens.SECRET,
          "switchboard.auth.leeway",
          "30s");
    }
  }

  @TestHTTPResource("/")
  URI base;

  @Inject PresenceStore store;

  private static String token(String secret, String device, long expSeconds) {
    return TestTokens.signedWith(
        secret, new JsonObject().put("sub", device).put("exp", expSeconds));
  }

  private boolean online(String device) {
    return store.entry(device).await().atMost(Duration.ofSeconds(5)).isPresent();
  }

  @Test
  @DisplayName("during a secret rotation devices holding old-secret tokens stay connected")
  void devicesWithOldAndNewSecretTokensStayConnectedDuringARotation() throws Exception {
    // given
    long inAnHour = System.currentTimeMillis() / 1000 + 3600;
    try (WsTestClient old =
            WsTestClient.connect(base, token(TestTokens.SECRET, "rot-old", inAnHour));
        WsTestClient fresh = WsTestClient.connect(base, token(NEW_SECRET, "rot-new", inAnHour))) {

      // when
      Thread.sleep(1_500);

      // then
      assertThat(old.closeStatus()).isEmpty();
      assertThat(fresh.closeStatus()).isEmpty();
      assertThat(online("rot-old")).isTrue();
      assertThat(online("rot-new")).isTrue();
    }
  }

  @Test
  @DisplayName("a token inside the leeway connects and stays until exp plus leeway, then 1008")
  void tokenInsideTheLeewayStaysConnectedUntilExpPlusLeeway() throws Exception {
    // given: with 30 s leeway, one token expired 10 s ago, one about 28 s ago
    long nowMs = System.currentTimeMillis();
    String tenSecondsAgo = token(NEW_SECRET, "lee-10", (nowMs - 10_000) / 1000);
    // exp is in whole seconds: round up so the token is usable 1.5 to 2.5 s more
    long expNearlyGone = (nowMs - 28_500) / 1000 + 1;
    long closesAtMs = expNearlyGone * 1000 + 30_000;
    String nearlyGone = token(NEW_SECRET, "lee-28", expNearlyGone);

    try (WsTestClient stays = WsTestClient.connect(base, tenSecondsAgo);
        WsTestClient goes = WsTestClient.connect(base, nearlyGone)) {

      // when: past the first second (the old heartbeat check closed such sockets in ~500 ms)
      Thread.sleep(closesAtMs - System.currentTimeMillis() - 300);

      // then
      assertThat(stays.closeStatus()).isEmpty();
      assertThat(goes.closeStatus()).isEmpty();
      assertThat(goes.awaitClose().code()).isEqualTo(1008);
      assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(closesAtMs);
      assertThat(stays.closeStatus()).isEmpty();
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(online("lee-28")).isFalse());
      assertThat(online("lee-10")).isTrue();
    }
  }
}
