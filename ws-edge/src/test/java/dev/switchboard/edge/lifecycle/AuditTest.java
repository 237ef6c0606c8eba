package dev.switchboard.edge.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.PresenceEntry;
import dev.switchboard.core.store.DeviceIndex;
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
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The anti-entropy audit on its own: no touch runs during these tests. */
@QuarkusTest
@TestProfile(NoTouchesProfile.class)
@WithTestResource(RedisTestResource.class)
class AuditTest {

  @TestHTTPResource("/")
  URI base;

  @Inject PresenceStore store;
  @Inject EdgeSettings settings;
  @Inject AuditLoop audit;
  @Inject DeviceIndex index;
  @Inject LocalConnections local;

  static String device() {
    return "audit-" + UUID.randomUUID().toString().substring(0, 8);
  }

  Optional<PresenceEntry> entry(String device) {
    return store.entry(device).await().atMost(Duration.ofSeconds(5));
  }

  WsTestClient connect(String device) {
    return WsTestClient.connect(base, "", TestTokens.bearer(device));
  }

  @Test
  @DisplayName("P3: the audit removes ghost entries and reclaims orphan sockets")
  void auditReleasesGhostsAndReclaimsOrphans() {
    // given: one socket whose entry vanished and no touch confirmed for longer than an audit
    // interval (touches failing), one ghost entry this instance owns with no socket
    String live = device();
    String ghost = device();
    try (WsTestClient client = connect(live)) {
      String conn = client.connectionId();
      store.release(live, conn).await().atMost(Duration.ofSeconds(5));
      local.byConn(conn).orElseThrow().recordConfirmed(longAgo());
      store
          .claim(ClaimRequest.newest(ghost, "gone", settings.owner(), "x"))
          .await()
          .atMost(Duration.ofSeconds(5));
      index.add(settings.inst(), ghost).await().atMost(Duration.ofSeconds(5));

      // when
      AuditLoop.Repairs repairs = audit.audit().await().atMost(Duration.ofSeconds(10));

      // then
      assertThat(repairs.ghosts()).isEqualTo(1);
      assertThat(repairs.orphans()).isEqualTo(1);
      assertThat(entry(ghost)).isEmpty();
      assertThat(entry(live)).isPresent();
    }
  }

  /** Longer ago than an audit interval (1 h in the tests) and its slack. */
  static long longAgo() {
    return System.nanoTime() - Duration.ofHours(2).toNanos();
  }

  @Test
  @DisplayName(
      "issue 16: the audit reads only sockets neither claimed nor touched within its interval")
  void socketClaimedOrTouchedWithinTheIntervalIsNotReadButOneConfirmedLongAgoIs() {
    // given: a socket just opened, whose entry vanished
    String device = device();
    try (WsTestClient client = connect(device)) {
      String conn = client.connectionId();
      store.release(device, conn).await().atMost(Duration.ofSeconds(5));

      // when: an audit, then another once its last confirmation is older than an audit interval
      AuditLoop.Repairs first = audit.audit().await().atMost(Duration.ofSeconds(10));
      Optional<PresenceEntry> afterFirst = entry(device);
      local.byConn(conn).orElseThrow().recordConfirmed(longAgo());
      AuditLoop.Repairs second = audit.audit().await().atMost(Duration.ofSeconds(10));

      // then: the first left it to the next touch, the second reclaimed it
      assertThat(first.orphans()).isZero();
      assertThat(afterFirst).isEmpty();
      assertThat(second.orphans()).isEqualTo(1);
      assertThat(entry(device).orElseThrow().conn()).isEqualTo(conn);
    }
  }

  @Test
  void aSocketIsReadOnlyOnceItsLastConfirmationIsOlderThanTheWindow() {
    long window = Duration.ofSeconds(70).toNanos();
    assertThat(AuditLoop.needsRead(1_000, 1_000 + window, window)).isFalse();
    assertThat(AuditLoop.needsRead(1_000, 1_001 + window, window)).isTrue();
    assertThat(AuditLoop.needsRead(-window, 0, window)).isFalse();
    // nanoTime may wrap: only the difference counts
    assertThat(AuditLoop.needsRead(Long.MAX_VALUE - 5, Long.MIN_VALUE + 5, window)).isFalse();
  }
}
