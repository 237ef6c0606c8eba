package dev.switchboard.edge.socket;

import dev.switchboard.edge.delivery.Deliveries;
import dev.switchboard.edge.lifecycle.ClaimFlow;
import dev.switchboard.edge.lifecycle.EdgeIdentity;
import dev.switchboard.edge.lifecycle.Outbound;
import dev.switchboard.edge.lifecycle.SocketCloser;
import dev.switchboard.edge.observe.EdgeMetrics;
import dev.switchboard.edge.observe.LogFields;
import dev.switchboard.edge.protocol.ClientMessage;
import dev.switchboard.edge.protocol.ServerFrames;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPingMessage;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The device endpoint: {@code /v1/connect}. Presence work is delegated to the claim flow, the
 * closer and the outbound sender.
 *
 * <p>CONCURRENT inbound processing: every callback here is non-blocking and runs on the
 * connection's event loop, so they never overlap anyway. The message callbacks return {@code void},
 * which Quarkus runs on worker threads unless told otherwise: {@code @NonBlocking} keeps them on
 * the event loop (on workers, several frames of one client were handled at once and its answers
 * came back out of order: {@code InboundOrderTest}); SERIAL mode would only add a queue per
 * connection (Quarkus's ConcurrencyLimiter, about 1 KB of each idle socket's memory in the hold
 * bench) and hold back callbacks until onOpen's claim completes, which the lifecycle does not need:
 * a close during the claim waits for it (SocketCloser#closed).
 */
@WebSocket(
    path = EdgeEndpoint.PATH,
    endpointId = EdgeEndpoint.ENDPOINT_ID,
    inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class EdgeEndpoint {

  public static final String PATH = "/v1/connect";
  public static final String ENDPOINT_ID = "switchboard-connect";
  private static final Logger LOG = Logger.getLogger(EdgeEndpoint.class);

  private final ClaimFlow claims;
  private final SocketCloser closer;
  private final Outbound outbound;
  private final LocalConnections local;
  private final UpgradeGuard guard;
  private final EdgeMetrics metrics;
  private final Deliveries deliveries;
  private final int maxMessageBytes;

  public EdgeEndpoint(
      ClaimFlow claims,
      SocketCloser closer,
      Outbound outbound,
      LocalConnections local,
      UpgradeGuard guard,
      EdgeMetrics metrics,
      Deliveries deliveries,
      dev.switchboard.edge.config.EdgeSettings settings) {
    this.claims = claims;
    this.closer = closer;
    this.outbound = outbound;
    this.local = local;
    this.guard = guard;
    this.metrics = metrics;
    this.deliveries = deliveries;
    this.maxMessageBytes = settings.edge().limits().maxMessageSize();
  }

  /**
   * The handshake's entries in the user data are taken out here, all but the two that later
   * callbacks read ({@code CONN} and {@code REMOTE_IP}): the rest would stay in every socket's map
   * for its life.
   */
  @OnOpen
  public Uni<Void> onOpen(WebSocketConnection socket) {
    UserData data = socket.userData();
    String ip = data.get(HandshakeKeys.REMOTE_IP);
    if (ip != null) {
      guard.opened(ip);
    }
    String device = data.remove(HandshakeKeys.DEVICE);
    String conn = EdgeIdentity.randomId();
    data.put(HandshakeKeys.CONN, conn);
    EdgeConnection c =
        new EdgeConnection(
            conn,
            device,
            ip,
            data.remove(HandshakeKeys.CLIENT_ADDR),
            socket,
            Optional.ofNullable(data.remove(HandshakeKeys.TOKEN_EXPIRES_MS)),
            System.currentTimeMillis(),
            System.nanoTime());
    HandshakeKeys.Shed shed = data.remove(HandshakeKeys.SHED);
    if (shed != null) {
      metrics.connect(shed.result());
      c.claim().complete(false);
      local.add(c);
      return closer.refuse(c, shed.end(), "try again in " + shed.retryMs() + " ms");
    }
    return claims.open(c);
  }

  @OnTextMessage
  @NonBlocking
  public void onText(String text, WebSocketConnection socket) {
    Optional<EdgeConnection> found = connection(socket);
    if (found.isEmpty()) {
      return;
    }
    EdgeConnection c = found.get();
    c.recordActivity(System.nanoTime());
    // Size is enforced by the server (max-frame-size and max-message-size are both
    // switchboard.edge.limits.max-message-size) before a frame gets here; an oversized one reaches
    // onError and closes with 1009.
    ClientMessage message = ClientMessage.parse(text);
    if (message instanceof ClientMessage.Ping) {
      outbound.send(c, ServerFrames.pong());
    } else if (message instanceof ClientMessage.AckSeq ack) {
      deliveries.ack(c, ack);
    } else if (message instanceof ClientMessage.Ack) {
      metrics.ack();
    } else if (message instanceof ClientMessage.Unknown unknown) {
      outbound.send(
          c, ServerFrames.error("unknown_type", "unknown message type '" + unknown.type() + "'"));
    } else if (message instanceof ClientMessage.Malformed malformed) {
      outbound.send(c, ServerFrames.error("malformed", malformed.reason()));
    }
  }

  @OnBinaryMessage
  @NonBlocking
  public void onBinary(Buffer data, WebSocketConnection socket) {
    connection(socket)
        .ifPresent(
            c -> {
              c.recordActivity(System.nanoTime());
              outbound.send(c, ServerFrames.error("binary_unsupported", "send JSON text frames"));
            });
  }

  @OnPongMessage
  @NonBlocking
  public void onPong(Buffer data, WebSocketConnection socket) {
    connection(socket).ifPresent(c -> c.recordActivity(System.nanoTime()));
  }

  @OnPingMessage
  @NonBlocking
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
    return closer.closed(found.get());
  }

  /**
   * Oversized messages (1009) and broken framing (1002) instead of the default 1011. When Netty's
   * decoder rejected a frame, {@link ViolationCloser} has already sent the close frame; this ends
   * the socket's presence the same way for both paths.
   */
  @OnError
  public Uni<Void> onError(Throwable failure, WebSocketConnection socket) {
    Optional<EdgeConnection> found = connection(socket);
    Optional<FrameFailures.Verdict> verdict = FrameFailures.judge(failure, maxMessageBytes);
    if (verdict.isPresent()) {
      // Close before anything else: after this handler returns, the default would close with 1011.
      FrameFailures.Verdict v = verdict.get();
      return found
          .map(c -> closer.closeThenRelease(c, v.end(), v.detail()))
          .orElseGet(() -> SocketCloser.closeUnlessClosed(socket, v.closeReason()));
    }
    if (FrameFailures.isClientGone(failure)) {
      // The connection ended without a close handshake (a client gone, or one that closed TCP
      // after a close frame Vert.x did not see it answer): expected, and @OnClose handles it.
      found.ifPresentOrElse(
          c -> LogFields.debug(c, LOG, "client gone without a close frame: %s", failure),
          () -> LOG.debugf("client gone before open: %s", failure));
      return Uni.createFrom().voidItem();
    }
    found.ifPresentOrElse(
        c -> LogFields.about(c, () -> LOG.warnf("socket error: %s", failure.toString())),
        () -> LOG.warnf("socket error before open: %s", failure.toString()));
    return Uni.createFrom().voidItem();
  }

  private Optional<EdgeConnection> connection(WebSocketConnection socket) {
    String conn = socket.userData().get(HandshakeKeys.CONN);
    return conn == null ? Optional.empty() : local.byConn(conn);
  }
}
