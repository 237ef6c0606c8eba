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
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.spi.context.storage.AccessMode;
import jakarta.inject.Inject;
import java.lang.reflect.Field;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an open, idle socket keeps after its handshake. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class SocketRetentionTest {

  @TestHTTPResource("/")
  URI base;

  @Inject OpenConnections connections;

  @Test
  void listsTheMapsAnOpenSocketKeeps() throws Exception {
    try (WsTestClient client =
        WsTestClient.to(base)
            .header("Origin", "https://app.example.com")
            .bearer(TestTokens.forDevice("retention-probe"))
            .connect()) {
      client.next("welcome");
      WebSocketConnection socket = connections.stream().findFirst().orElseThrow();
      Object vertxSocket = field(socket, "webSocket");
      List<SocketRetentionProbe.FoundMap> maps = SocketRetentionProbe.maps(socket, vertxSocket);
      maps.forEach(m -> System.out.println("PROBE map " + m.path() + " keys=" + m.keys()));
      SocketRetentionProbe.ARRAYS.forEach(a -> System.out.println("PROBE array " + a));
      System.out.println("PROBE quarkus headers " + socket.handshakeRequest().headers());
      System.out.println(
          "PROBE vertx headers " + ((io.vertx.core.http.ServerWebSocket) vertxSocket).headers());
      assertThat(maps).isNotEmpty();
    }
  }

  /**
   * Vert.x keeps the upgrade request's headers for the socket's life (its {@code ServerWebSocket}
   * and request), and Quarkus copies them into the connection's handshake request once the upgrade
   * is done. Neither copy is read after the handshake.
   */
  @Test
  void anOpenSocketKeepsNoHandshakeHeaders() throws Exception {
    try (WsTestClient client =
        WsTestClient.to(base)
            .header("Origin", "https://app.example.com")
            .bearer(TestTokens.forDevice("retention-headers"))
            .connect()) {
      client.next("welcome");
      WebSocketConnection socket = connections.stream().findFirst().orElseThrow();
      io.vertx.core.http.ServerWebSocket vertxSocket =
          (io.vertx.core.http.ServerWebSocket) field(socket, "webSocket");

      assertThat(socket.handshakeRequest().headers()).isEmpty();
      assertThat(vertxSocket.headers().isEmpty()).isTrue();
    }
  }

  /**
   * The upgrade request's Vert.x context is the socket's, for its life; its local map held only
   * Quarkus's "safe context" flag for the request (and, until the check took it, the admission).
   * The callbacks run on Quarkus's own context for the connection.
   */
  @Test
  void theUpgradeRequestsContextKeepsNoLocalMap() throws Exception {
    try (WsTestClient client =
        WsTestClient.to(base).bearer(TestTokens.forDevice("retention-locals")).connect()) {
      client.next("welcome");
      WebSocketConnection socket = connections.stream().findFirst().orElseThrow();
      Object vertxSocket = field(field(socket, "webSocket"), "delegate");
      ContextInternal requestContext = (ContextInternal) field(vertxSocket, "context");

      assertThat(requestContext.getLocal(ContextInternal.LOCAL_MAP, AccessMode.CONCURRENT))
          .isNull();
    }
  }

  static Object field(Object o, String name) throws ReflectiveOperationException {
    for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
      } catch (NoSuchFieldException e) {
        // up
      }
    }
    throw new NoSuchFieldException(name);
  }
}
