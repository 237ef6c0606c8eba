package dev.switchboard.edge.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.PresenceEntry;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The spread touch schedule heals what a touch is for within one touch interval: a lost kick and a
 * lost entry. The audit is off (1 h), so the touch is the only healer here.
 */
@QuarkusTest
@TestProfile(SpreadTouchesTest.ThreeSecondTouches.class)
@WithTestResource(RedisTestResource.class)
class SpreadTouchesTest {

  static final Duration INTERVAL = Duration.ofSeconds(3);

  /** Three slots of one second; the heartbeat keeps the test clients alive meanwhile. */
  public static class ThreeSecondTouches implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("switchboard.edge.presence.touch-interval", "3s");
    }
  }

  @TestHTTPResource("/")
  URI base;

  @Inject PresenceStore store;
  @Inject EdgeSettings settings;

  static String device() {
    return "spread-" + UUID.randomUUID().toString().substring(0, 8);
  }

  Optional<PresenceEntry> entry(String device) {
    return store.entry(device).await().atMost(Duration.ofSeconds(5));
  }

  /** One interval, plus a tick for the round in flight and a second for the client to see it. */
  static Duration withinOneInterval() {
    return INTERVAL.plusSeconds(2);
  }

  @Test
  @DisplayName("P4: a lost kick closes the old socket with 4001 within one touch interval")
  void lostKickIsHealedWithinOneTouchInterval() {
    // given: a live socket, then a newer connection's claim whose kick reached nobody
    String device = device();
    try (WsTestClient old = WsTestClient.connect(base, "", TestTokens.bearer(device))) {
      old.connectionId();
      store
          .claim(ClaimRequest.newest(device, "newer-" + device, settings.owner(), "x"))
          .await()
          .atMost(Duration.ofSeconds(5));

      // when / then
      await()
          .atMost(withinOneInterval())
          .until(() -> old.closeStatus().map(s -> s.code() == 4001).orElse(false));
      assertThat(entry(device).orElseThrow().conn()).isEqualTo("newer-" + device);
    }
  }

  @Test
  @DisplayName("P3: an entry Redis lost comes back within one touch interval")
  void deletedEntryIsRestoredWithinOneTouchInterval() {
    // given: several live sockets whose entries vanish (spread over the interval's slots)
    java.util.List<WsTestClient> clients = new java.util.ArrayList<>();
    java.util.List<String> devices = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 12; i++) {
        String device = device();
        WsTestClient client = WsTestClient.connect(base, "", TestTokens.bearer(device));
        clients.add(client);
        devices.add(device);
        store.release(device, client.connectionId()).await().atMost(Duration.ofSeconds(5));
      }

      // when / then: each is re-created under its own socket's conn, and no socket was closed
      await()
          .atMost(withinOneInterval())
          .until(
              () ->
                  store.entries(devices).await().atMost(Duration.ofSeconds(5)).stream()
                      .allMatch(Optional::isPresent));
      for (int i = 0; i < clients.size(); i++) {
        assertThat(entry(devices.get(i)).orElseThrow().conn())
            .isEqualTo(clients.get(i).connectionId());
        assertThat(clients.get(i).closeStatus()).isEmpty();
      }
    } finally {
      clients.forEach(WsTestClient::close);
    }
  }
}
