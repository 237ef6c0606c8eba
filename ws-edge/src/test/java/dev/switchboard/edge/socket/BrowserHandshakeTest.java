package dev.switchboard.edge.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A browser's upgrade carries many headers the socket never reads again; Quarkus copies every
 * header left on the request into the connection's handshake request, for the socket's life. The
 * subprotocol is still negotiated, and the copy is empty.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class BrowserHandshakeTest {

  @TestHTTPResource("/")
  URI base;

  @Inject OpenConnections connections;

  @Test
  void browserLikeHandshakeConnectsAndKeepsNoHeaders() {
    // given
    String token = TestTokens.forDevice("browser-headers");

    // when
    try (WsTestClient client =
        WsTestClient.to(base)
            .header(
                "User-Agent",
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                    + " Chrome/131.0.0.0 Safari/537.36")
            .header("Origin", "https://app.example.com")
            .header("Cookie", "session=4f9d1c2b7a; theme=dark; consent=yes")
            .header("Accept-Language", "en-GB,en;q=0.9,de;q=0.8")
            .header("Accept-Encoding", "gzip, deflate, br, zstd")
            .header("Cache-Control", "no-cache")
            .header("Pragma", "no-cache")
            .header("X-Forwarded-Proto", "https")
            .subprotocols(
                "bearer-token-carrier",
                URLEncoder.encode(
                    "quarkus-http-upgrade#Authorization#Bearer " + token, StandardCharsets.UTF_8))
            .connect()) {
      client.next("welcome");

      // then
      assertThat(client.subprotocol()).isEqualTo("bearer-token-carrier");
      List<Map<String, List<String>>> kept =
          connections.stream()
              .map(WebSocketConnection::handshakeRequest)
              .map(io.quarkus.websockets.next.HandshakeRequest::headers)
              .toList();
      assertThat(kept).isNotEmpty();
      assertThat(kept)
          .allSatisfy(
              headers -> {
                assertThat(headers).isEmpty();
              });
    }
  }
}
