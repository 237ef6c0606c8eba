package dev.switchboard.edge.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.ReclaimRequest;
import dev.switchboard.core.model.ReclaimResult;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.socket.LocalConnections;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The audit compares open sockets with their entries. An entry held by an OLDER connection (a Redis
 * restore or a lossy failover brought it back) must be re-asserted over, never answered by closing
 * the live newer socket with 4001.
 */
@QuarkusTest
@TestProfile(NoTouchesProfile.class)
@WithTestResource(RedisTestResource.class)
class AuditOlderHolderTest {

  @TestHTTPResource("/")
  URI base;

  @Inject AuditLoop audit;
  @Inject PresenceStore store;
  @Inject EdgeSettings settings;
  @Inject LocalConnections local;

  @Test
  @DisplayName(
      "P2: the audit re-asserts over an older restored holder instead of closing the live socket")
  void auditNeverClosesALiveSocketForAnOlderHolder() {
    // given: a live socket, and its entry replaced by an older connection's (as a restore would)
    String device = "audit-older-" + System.nanoTime();
    try (WsTestClient client = WsTestClient.connect(base, "", TestTokens.bearer(device))) {
      String conn = client.connectionId();
      long epoch = local.byConn(conn).orElseThrow().epoch();
      store.release(device, conn).await().atMost(Duration.ofSeconds(5));
      // and no touch confirmed it for longer than an audit interval (touches failing)
      local.byConn(conn).orElseThrow().recordConfirmed(AuditTest.longAgo());
      ReclaimResult older =
          store
              .reclaim(
                  new ReclaimRequest(
                      device, "older", epoch - 1_000, settings.owner(), "x", Optional.empty(), 0))
              .await()
              .atMost(Duration.ofSeconds(5));
      assertThat(older).isInstanceOf(ReclaimResult.Recreated.class);

      // when
      audit.audit().await().atMost(Duration.ofSeconds(10));

      // then: the live socket owns the device again and was not closed
      assertThat(store.entry(device).await().atMost(Duration.ofSeconds(5)).orElseThrow().conn())
          .isEqualTo(conn);
      assertThat(client.closeStatus()).isEmpty();
    }
  }
}
