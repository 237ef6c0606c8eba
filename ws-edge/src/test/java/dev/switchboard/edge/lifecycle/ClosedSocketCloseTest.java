package dev.switchboard.edge.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.edge.socket.EdgeConnection;
import dev.switchboard.edge.socket.LocalConnections;
import dev.switchboard.edge.socket.SocketEnd;
import dev.switchboard.testsupport.CapturedLog;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A client that closes while the edge is about to close its socket (a kick from the device's newer
 * connection, a slow consumer cut off) is an expected event of every churn: the edge does not ask
 * Quarkus to close a socket that is closed already, which Quarkus answers with a WARN "Connection
 * already closed" (hundreds per churn run).
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class ClosedSocketCloseTest {

  @TestHTTPResource("/")
  URI base;

  @Inject LocalConnections local;
  @Inject SocketCloser closer;

  /** A welcomed socket whose client has closed, still known to the edge (before its release). */
  private EdgeConnection closedByItsClient() {
    String device = "closed-" + UUID.randomUUID().toString().substring(0, 8);
    EdgeConnection c;
    try (WsTestClient client = WsTestClient.connect(base, "", TestTokens.bearer(device))) {
      c = local.byConn(client.connectionId()).orElseThrow();
    }
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> c.socket().isClosed());
    return c;
  }

  @Test
  void aKickForASocketItsClientJustClosedLogsNoWarning() {
    // given
    EdgeConnection c = closedByItsClient();
    try (CapturedLog log = CapturedLog.start()) {
      // when: the kick of the device's newer connection arrives
      closer.closeReplaced(c);

      // then
      assertThat(log.warningsAndErrors()).isEmpty();
    }
  }

  @Test
  void cuttingOffOrRefusingASocketItsClientJustClosedLogsNoWarning() {
    // given
    EdgeConnection slow = closedByItsClient();
    EdgeConnection refused = closedByItsClient();
    try (CapturedLog log = CapturedLog.start()) {
      // when
      closer.forceClose(slow, SocketEnd.SLOW_CONSUMER).await().atMost(Duration.ofSeconds(5));
      closer
          .refuse(refused, SocketEnd.OVERLOADED, "retry in 1 s")
          .await()
          .atMost(Duration.ofSeconds(5));

      // then
      assertThat(log.warningsAndErrors()).isEmpty();
    }
  }
}
