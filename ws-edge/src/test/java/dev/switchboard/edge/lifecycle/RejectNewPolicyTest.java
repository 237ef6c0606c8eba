package dev.switchboard.edge.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.Owner;
import dev.switchboard.core.model.PresenceEntry;
import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.core.testing.PresenceFixtures;
import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.socket.LocalConnections;
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
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** takeover.policy=reject-new: the newcomer gets 4409 while the device is online elsewhere. */
@QuarkusTest
@TestProfile(RejectNewPolicyTest.RejectNew.class)
@WithTestResource(RedisTestResource.class)
class RejectNewPolicyTest {

  public static class RejectNew implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("switchboard.edge.takeover.policy", "reject-new");
    }
  }

  @TestHTTPResource("/")
  URI base;

  @Inject PresenceStore store;
  @Inject AuditLoop audit;
  @Inject LocalConnections local;
  @Inject EdgeSettings settings;
  @Inject PresenceKeys keys;
  @InjectRedis RedisServer redis;

  @Test
  @DisplayName(
      "P4: under reject-new a second connection is refused with 4409 while the first is online")
  void secondConnectionIsRefusedWith4409WhileTheFirstIsOnline() {
    // given
    try (WsTestClient first = WsTestClient.connect(base, "", TestTokens.bearer("solo"))) {
      String firstConn = first.connectionId();

      // when
      WsTestClient second = WsTestClient.connect(base, "", TestTokens.bearer("solo"));

      // then
      assertThat(second.awaitClose().code()).isEqualTo(4409);
      assertThat(store.entry("solo").await().atMost(Duration.ofSeconds(5)).orElseThrow().conn())
          .isEqualTo(firstConn);
      assertThat(first.closeStatus()).isEmpty();
    }
  }

  @Test
  @DisplayName("P8: under reject-new a device whose holder instance died can reconnect")
  void deviceWhoseHolderInstanceDiedCanReconnect() {
    // given: an entry held by an instance that never heartbeat (its pod died)
    store
        .claim(
            ClaimRequest.newest(
                "orphaned", "dead-conn", new Owner("dead-inst", "p", "u", "n"), "a"))
        .await()
        .atMost(Duration.ofSeconds(5));

    // when
    try (WsTestClient client = WsTestClient.connect(base, "", TestTokens.bearer("orphaned"))) {
      String conn = client.connectionId();

      // then
      assertThat(store.entry("orphaned").await().atMost(Duration.ofSeconds(5)).orElseThrow().conn())
          .isEqualTo(conn);
    }
  }

  /**
   * Found by the churn bench with load shedding on: a refused newcomer on the same edge used to
   * replace the device's live socket in the edge's by-device map and, on closing, remove the device
   * from it. The anti-entropy audit then took the live socket's entry for a ghost and deleted it
   * (the device read offline until a reclaim).
   */
  @Test
  void aRefusedNewcomerDoesNotMakeTheAuditDeleteTheLiveSocketsEntry() {
    // given: the device online, and a second socket to the same edge refused with 4409
    try (WsTestClient first = WsTestClient.connect(base, "", TestTokens.bearer("twice"))) {
      first.connectionId();
      PresenceEntry before = store.entry("twice").await().atMost(Duration.ofSeconds(5)).get();
      WsTestClient second = WsTestClient.connect(base, "", TestTokens.bearer("twice"));
      assertThat(second.awaitClose().code()).isEqualTo(4409);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> local.all().stream().filter(c -> c.device().equals("twice")).count() == 1);

      // when: the audit compares this edge's index with its sockets
      AuditLoop.Repairs repairs = audit.audit().await().atMost(Duration.ofSeconds(10));

      // then: it finds nothing to repair, and the live socket's entry is untouched
      assertThat(repairs.ghosts()).isZero();
      PresenceEntry after = store.entry("twice").await().atMost(Duration.ofSeconds(5)).get();
      assertThat(after.conn()).isEqualTo(before.conn());
      assertThat(after.epoch()).isEqualTo(before.epoch());
      assertThat(new PresenceFixtures(redis, keys).indexHolds(settings.inst(), "twice")).isTrue();
    }
  }
}
