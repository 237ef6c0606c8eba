package dev.switchboard.edge.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Upgrades that pass the edge's check and then fail in the WebSocket handshake (ingress-nginx sends
 * {@code Connection: close} without {@code Upgrade}; a client offers an unknown version) never
 * reach {@code @OnOpen}/{@code @OnClose}: they must not hold a per-IP slot, or an address (behind
 * an ingress: every client) is locked out until the pod restarts.
 */
@QuarkusTest
@TestProfile(PerIpSlotLeakTest.SmallCap.class)
@WithTestResource(RedisTestResource.class)
class PerIpSlotLeakTest {

  static final int CAP = 3;

  public static class SmallCap implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("switchboard.edge.limits.per-ip-connections", Integer.toString(CAP));
    }
  }

  @TestHTTPResource("/")
  URI base;

  @Test
  void failedUpgradesAfterTheCheckDoNotLeakPerIpSlots() throws Exception {
    // given: twice the cap of upgrades that pass the check and then fail in the handshake
    for (int i = 0; i < 2 * CAP; i++) {
      String status = failingUpgrade(i % 2 == 0 ? "99" : null);
      assertThat(status).as("failed upgrade %d", i).doesNotContain(" 101 ");
    }

    // when / then: the same address still connects, up to the cap
    for (int i = 0; i < CAP; i++) {
      try (WsTestClient client =
          WsTestClient.connect(
              base, "", TestTokens.bearer("leak-" + i + "-" + System.nanoTime()))) {
        assertThat(client.connectionId()).isNotBlank();
      }
    }
  }

  /**
   * A handshake the server refuses after the upgrade check: an unknown WebSocket version, or (when
   * {@code version} is null) a request without the {@code Upgrade} header.
   */
  private String failingUpgrade(String version) throws Exception {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(5_000);
      StringBuilder request =
          new StringBuilder()
              .append("GET /v1/connect HTTP/1.1\r\n")
              .append("Host: ")
              .append(base.getHost())
              .append(':')
              .append(base.getPort())
              .append("\r\n")
              .append("Authorization: Bearer ")
              .append(TestTokens.forDevice("leaky-" + System.nanoTime()))
              .append("\r\n")
              .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
      if (version != null) {
        request
            .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: ")
            .append(version)
            .append("\r\n");
      } else {
        request.append("Connection: close\r\nSec-WebSocket-Version: 13\r\n");
      }
      request.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String statusLine = in.readLine();
      return statusLine == null ? "(closed)" : statusLine + " ";
    }
  }
}
