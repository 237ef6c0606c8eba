package dev.switchboard.client;

import dev.switchboard.client.protocol.ClientFrame;
import dev.switchboard.client.protocol.Welcome;
import java.net.http.WebSocket;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One connection attempt and, once open, its socket. Mutated on the client's control thread only,
 * except {@link #poisoned} (the delivery thread).
 */
final class Session {

  final long number;
  WebSocket socket;
  boolean ended;
  Welcome welcome;
  long welcomedMs;
  long lastFrameMs;
  long lastPingMs;
  OptionalLong reconnectHintMs = OptionalLong.empty();
  ScheduledFuture<?> ticks;

  /**
   * A durable message failed in the handler: later durable ones of this session are not handed
   * over.
   */
  volatile boolean poisoned;

  /** The JDK allows one outstanding send per socket: every send waits for the previous one. */
  private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);

  Session(long number) {
    this.number = number;
  }

  boolean isOpen() {
    return socket != null && !ended;
  }

  /** The connection id once welcomed, for logs. */
  String conn() {
    return Optional.ofNullable(welcome).map(Welcome::connectionId).orElse("-");
  }

  void send(ClientFrame frame) {
    WebSocket ws = socket;
    sends =
        sends.exceptionally(failed -> null).thenCompose(done -> ws.sendText(frame.json(), true));
  }

  void cancelTicks() {
    if (ticks != null) {
      ticks.cancel(false);
      ticks = null;
    }
  }
}
