package dev.switchboard.edge.socket;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.quarkus.websockets.next.CloseReason;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Turns a frame that Netty's decoder rejects (one frame over the size limit, broken framing) into a
 * close the client can read, instead of a TCP reset.
 *
 * <p>Why it is needed: {@code WebSocket08FrameDecoder} rejects such a frame from its header alone,
 * sets itself {@code CORRUPT} (from then on it discards every inbound byte) and raises a {@link
 * CorruptedWebSocketFrameException}. Vert.x builds the decoder with {@code
 * closeOnProtocolViolation(false)}, so Netty sends no close frame; Vert.x's connection handler then
 * closes the channel at once. The rest of the frame (up to 16 MiB of it) is still arriving, and
 * closing a socket with unread input makes the kernel answer with RST: the client sees 1006, cannot
 * tell it was its own fault, and resends the same message forever.
 *
 * <p>What it does, sitting between the decoder and Vert.x's handler: it writes the close frame
 * ({@link FrameFailures#judge}: 1009 naming the limit, or 1002) and half-closes the output, so a
 * client that waits for the server's FIN (RFC 6455, 7.1.1) finishes at once; it holds back every
 * later write and close from Vert.x while the decoder keeps reading and discarding the rest of the
 * frame, and closes when the client has closed its side or after {@link #LINGER_MS}. The exception
 * still goes on to Vert.x, so the endpoint's {@code @OnError} ends the socket as too large
 * (release, metric) as for a fragmented message.
 */
final class ViolationCloser extends ChannelDuplexHandler {

  static final String NAME = "switchboard-violation-closer";

  /** Longest wait for the client to finish sending and close, as Vert.x's closing timeout. */
  static final long LINGER_MS = ClosingTimeout.SECONDS * 1000L;

  private static final Logger LOG = Logger.getLogger(ViolationCloser.class);

  /** A connection type the closer cannot reach is worth one WARN, not one per upgrade. */
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private final int maxMessageBytes;

  /** Made on the first held close: every admitted socket carries a closer, few ever close so. */
  private List<ChannelPromise> heldCloses;

  private boolean closing;
  private ScheduledFuture<?> linger;

  private ViolationCloser(int maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
  }

  /**
   * Puts a closer on the connection of an upgrade request, just before Vert.x's own handler (the
   * pipeline's last). The WebSocket handshake later puts its frame decoder where the HTTP decoder
   * was, ahead of it, and replaces Vert.x's handler behind it, so the closer ends up between the
   * two. Called before the upgrade, because the first frame can arrive before {@code @OnOpen} runs.
   *
   * <p>Reaching the pipeline takes one Vert.x internal, {@link ConnectionBase} (Vert.x 4.5's public
   * API has no pipeline hook, and Quarkus creates the HTTP server itself): {@link
   * ConnectionBase#channelHandlerContext} is public on it and has been through Vert.x 4. If a
   * future Vert.x hands out another connection type, the closer is not installed, and a rejected
   * frame drops TCP again (logged once at WARN).
   *
   * @return whether the closer is on the connection
   */
  static boolean install(HttpConnection connection, int maxMessageBytes) {
    if (!(connection instanceof ConnectionBase base)) {
      if (!WARNED.getAndSet(true)) {
        LOG.warnf(
            "cannot reach the channel of %s: a frame over the size limit will drop TCP without a"
                + " close frame",
            connection == null ? "null" : connection.getClass().getName());
      }
      return false;
    }
    ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
    // Requests of one HTTP/1 connection (a failed upgrade, then another) are checked one by one.
    if (pipeline.get(NAME) == null && pipeline.lastContext() != null) {
      pipeline.addBefore(pipeline.lastContext().name(), NAME, new ViolationCloser(maxMessageBytes));
    }
    return true;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!closing && cause instanceof CorruptedWebSocketFrameException && ctx.channel().isActive()) {
      closing = true;
      CloseReason close =
          FrameFailures.judge(cause, maxMessageBytes)
              .map(FrameFailures.Verdict::closeReason)
              .orElseThrow();
      ctx.writeAndFlush(new CloseWebSocketFrame(close.getCode(), close.getMessage()))
          .addListener(written -> halfClose(ctx));
      linger = ctx.executor().schedule(() -> closeNow(ctx), LINGER_MS, TimeUnit.MILLISECONDS);
    }
    ctx.fireExceptionCaught(cause);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (closing) {
      // Our close frame went first; anything after it (Vert.x's own close frame, a ping) would
      // break the protocol, and the output may already be shut.
      ReferenceCountUtil.release(msg);
      promise.trySuccess();
      return;
    }
    ctx.write(msg, promise);
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (closing && ctx.channel().isActive()) {
      if (heldCloses == null) {
        heldCloses = new ArrayList<>();
      }
      heldCloses.add(promise);
      return;
    }
    ctx.close(promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (linger != null) {
      linger.cancel(false);
    }
    if (heldCloses != null) {
      heldCloses.forEach(ChannelPromise::trySuccess);
      heldCloses = null;
    }
    ctx.fireChannelInactive();
  }

  private void halfClose(ChannelHandlerContext ctx) {
    if (ctx.channel() instanceof DuplexChannel duplex && ctx.channel().isActive()) {
      duplex.shutdownOutput();
    }
  }

  private void closeNow(ChannelHandlerContext ctx) {
    ctx.close(); // from here towards the socket: past the held closes
  }
}
