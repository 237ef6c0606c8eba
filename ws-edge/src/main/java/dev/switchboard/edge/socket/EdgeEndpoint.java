package dev.switchboard.edge.socket;

import dev.switchboard.edge.lifecycle.EdgeIdentity;
import dev.switchboard.edge.lifecycle.PresenceLifecycle;
import dev.switchboard.edge.observe.EdgeMetrics;
import dev.switchboard.edge.observe.LogFields;
import dev.switchboard.edge.protocol.ClientMessage;
import dev.switchboard.edge.protocol.CloseCodes;
import dev.switchboard.edge.protocol.ServerFrames;
import dev.switchboard.edge.socket.EdgeConnection.EndReason;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPingMessage;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The device endpoint: {@code /v1/connect}. Presence work is delegated to the lifecycle.
 *
 * <p>CONCURRENT inbound processing: every callback here is non-blocking and runs on the
 * connection's event loop, so they never overlap anyway; SERIAL mode would only add a queue per
 * connection (Quarkus's ConcurrencyLimiter, about 1 KB of each idle socket's memory in the hold
 * bench) and hold back callbacks until onOpen's claim completes, which the lifecycle does not need:
 * a close during the claim waits for it (PresenceLifecycle#closed).
 */
@WebSocket(
    path = "/v1/connect",
    endpointId = EdgeEndpoint.ENDPOINT_ID,
    inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class EdgeEndpoint {

  public static final String ENDPOINT_ID = "switchboard-connect";
  private static final Logger LOG = Logger.getLogger(EdgeEndpoint.class);

  private final PresenceLifecycle lifecycle;
  private final LocalConnections local;
  private final UpgradeGuard guard;
  private final EdgeMetrics metrics;
  private final int maxMessageBytes;

  public EdgeEndpoint(
      PresenceLifecycle lifecycle,
      LocalConnections local,
      UpgradeGuard guard,
      EdgeMetrics metrics,
      dev.switchboard.edge.config.EdgeSettings settings) {
    this.lifecycle = lifecycle;
    this.local = local;
    this.guard = guard;
    this.metrics = metrics;
    this.maxMessageBytes = settings.edge().limits().maxMessageSize();
  }

  @OnOpen
  public Uni<Void> onOpen(WebSocketConnection socket) {
    String device = socket.userData().get(HandshakeKeys.DEVICE);
    String conn = EdgeIdentity.randomId();
    socket.userData().put(HandshakeKeys.CONN, conn);
    EdgeConnection c =
        new EdgeConnection(
            conn,
            device,
            socket.userData().get(HandshakeKeys.REMOTE_IP),
            socket.handshakeRequest().remoteAddress(),
            socket,
            Optional.ofNullable(socket.userData().get(HandshakeKeys.TOKEN_EXPIRES_MS)),
            System.currentTimeMillis(),
            System.nanoTime());
    HandshakeKeys.Shed shed = socket.userData().get(HandshakeKeys.SHED);
    if (shed != null) {
      metrics.connect(shed.outcome());
      c.markClosing(EndReason.REFUSED);
      c.claim().complete(false);
      local.add(c);
      return socket.close(
          new CloseReason(
              CloseCodes.TRY_AGAIN_LATER,
              shed.reason() + "; try again in " + shed.retryMs() + " ms"));
    }
    return lifecycle.open(c);
  }

  @OnTextMessage
  public void onText(String text, WebSocketConnection socket) {
    Optional<EdgeConnection> found = connection(socket);
    if (found.isEmpty()) {
      return;
    }
    EdgeConnection c = found.get();
    c.recordActivity(System.nanoTime());
    // Size is enforced by the server (max-message-size = switchboard.edge.limits.max-message-size)
    // before a frame gets here; an oversized one reaches onError and closes with 1008.
    ClientMessage message = ClientMessage.parse(text);
    if (message instanceof ClientMessage.Ping) {
      lifecycle.send(c, ServerFrames.pong());
    } else if (message instanceof ClientMessage.Ack) {
      metrics.ack();
    } else if (message instanceof ClientMessage.Unknown unknown) {
      lifecycle.send(
          c, ServerFrames.error("unknown_type", "unknown message type '" + unknown.type() + "'"));
    } else if (message instanceof ClientMessage.Malformed malformed) {
      lifecycle.send(c, ServerFrames.error("malformed", malformed.reason()));
    }
  }

  @OnBinaryMessage
  public void onBinary(Buffer data, WebSocketConnection socket) {
    connection(socket)
        .ifPresent(
            c -> {
              c.recordActivity(System.nanoTime());
              lifecycle.send(c, ServerFrames.error("binary_unsupported", "send JSON text frames"));
            });
  }

  @OnPongMessage
  public void onPong(Buffer data, WebSocketConnection socket) {
    connection(socket).ifPresent(c -> c.recordActivity(System.nanoTime()));
  }

  @OnPingMessage
  public void onPing(Buffer data, WebSocketConnection socket) {
    connection(socket).ifPresent(c -> c.recordActivity(System.nanoTime()));
  }

  @OnClose
  public Uni<Void> onClose(WebSocketConnection socket) {
    Optional<EdgeConnection> found = connection(socket);
    String ip = socket.userData().get(HandshakeKeys.REMOTE_IP);
    if (ip != null) {
      guard.released(ip);
    }
    if (found.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return lifecycle.closed(found.get());
  }

  /** Oversized messages and protocol errors: 1008 instead of the default 1011. */
  @OnError
  public Uni<Void> onError(Throwable failure, WebSocketConnection socket) {
    Optional<EdgeConnection> found = connection(socket);
    if (isTooLarge(failure)) {
      // Close before anything else: after this handler returns, the default would close with 1011.
      String reason = "message too large (limit " + maxMessageBytes + " bytes)";
      return found
          .map(c -> lifecycle.closeThenRelease(c, EndReason.TOO_LARGE, CloseCodes.POLICY, reason))
          .orElseGet(() -> socket.close(new CloseReason(CloseCodes.POLICY, reason)));
    }
    found.ifPresentOrElse(
        c -> LogFields.about(c, () -> LOG.warnf("socket error: %s", failure.toString())),
        () -> LOG.warnf("socket error before open: %s", failure.toString()));
    return Uni.createFrom().voidItem();
  }

  static boolean isTooLarge(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String name = t.getClass().getSimpleName();
      String message = String.valueOf(t.getMessage()).toLowerCase();
      if (name.contains("TooLong")
          || name.contains("CorruptedWebSocketFrame")
          || message.contains("exceed")
          || message.contains("max message size")
          || message.contains("too large")
          || message.contains("too big")) {
        return true;
      }
    }
    return false;
  }

  private Optional<EdgeConnection> connection(WebSocketConnection socket) {
    String conn = socket.userData().get(HandshakeKeys.CONN);
    return conn == null ? Optional.empty() : local.byConn(conn);
  }
}
