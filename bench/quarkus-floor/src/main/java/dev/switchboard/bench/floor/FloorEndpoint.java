package dev.switchboard.bench.floor;

import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

/**
 * The vertx-floor's protocol on WebSockets Next: a welcome on open, a pong for a ping. Like the
 * edge's endpoint, CONCURRENT and on the event loop ({@code Uni} or {@code @NonBlocking}): a plain
 * {@code void} or {@code String} callback would run on a worker thread, which the edge does not
 * pay.
 */
@WebSocket(path = "/", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class FloorEndpoint {

  static final String WELCOME = "{\"type\":\"welcome\",\"device\":\"floor\"}";
  static final String PONG = "{\"type\":\"pong\"}";

  @OnOpen
  public Uni<Void> onOpen(WebSocketConnection socket) {
    return socket.sendText(WELCOME);
  }

  @OnTextMessage
  @NonBlocking
  public void onText(String text, WebSocketConnection socket) {
    if (text.contains("\"ping\"")) {
      socket.sendText(PONG).subscribe().with(ok -> {}, failure -> {});
    }
  }
}
