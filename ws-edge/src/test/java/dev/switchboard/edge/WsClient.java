package dev.switchboard.edge;

import static org.awaitility.Awaitility.await;

import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketClientConnection;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A real WebSocket client (Quarkus's BasicWebSocketConnector) that records what it receives. */
final class WsClient implements AutoCloseable {

  final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  final List<Long> pingNanos = new CopyOnWriteArrayList<>();
  final AtomicReference<CloseReason> closed = new AtomicReference<>();
  WebSocketClientConnection connection;

  static WsClient connect(URI base, String query, Map<String, String> headers) {
    WsClient client = new WsClient();
    BasicWebSocketConnector connector =
        BasicWebSocketConnector.create()
            .baseUri(base)
            .path("/v1/connect" + (query.isEmpty() ? "" : "?" + query))
            .onTextMessage((c, text) -> client.frames.add(new JsonObject(text)))
            .onPing((c, data) -> client.pingNanos.add(System.nanoTime()))
            .onClose((c, reason) -> client.closed.set(reason));
    headers.forEach(connector::addHeader);
    client.connection = connector.connectAndAwait();
    return client;
  }

  /** Waits for the next frame of the given type, skipping others. */
  JsonObject next(String type) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        JsonObject frame = frames.poll(100, TimeUnit.MILLISECONDS);
        if (frame != null && type.equals(frame.getString("type"))) {
          return frame;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("no '" + type + "' frame within 10 s; closed=" + closed.get());
  }

  private volatile String connectionId;

  /** The connection id from the welcome frame (waits for it the first time). */
  String connectionId() {
    if (connectionId == null) {
      connectionId = next("welcome").getString("connectionId");
    }
    return connectionId;
  }

  String connectionIdOrNull() {
    return connectionId;
  }

  void send(String text) {
    connection.sendTextAndAwait(text);
  }

  CloseReason awaitClose() {
    return await().atMost(Duration.ofSeconds(15)).until(closed::get, r -> r != null);
  }

  @Override
  public void close() {
    if (connection != null && connection.isOpen()) {
      connection.closeAndAwait();
    }
  }
}
