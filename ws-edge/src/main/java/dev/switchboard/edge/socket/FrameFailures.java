package dev.switchboard.edge.socket;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.quarkus.websockets.next.CloseReason;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one place that decides what a socket error says about the client: it sent too much (1009), it
 * broke the framing rules (1002), or it is gone. Netty says the first two by type: a frame over
 * {@code max-frame-size} or a broken frame is a {@link CorruptedWebSocketFrameException} carrying a
 * close status. Vert.x reports a fragmented message over {@code max-message-size} as a plain {@link
 * IllegalStateException} from its frame aggregator, so that one case is recognised by the
 * aggregator's own wording ("overflow max message size"). A client that vanished without a close
 * frame surfaces as a closed connection or a reset.
 */
public final class FrameFailures {

  /** A close reason's text may hold at most 123 bytes (RFC 6455, 5.5). */
  private static final int MAX_REASON_BYTES = 123;

  private FrameFailures() {}

  /**
   * How a socket that failed this way ends, with the detail its close reason carries (cut so that
   * the whole reason fits a close frame).
   */
  public record Verdict(SocketEnd end, String detail) {

    public Verdict {
      int room = MAX_REASON_BYTES - end.closeReason("").getMessage().length();
      while (detail.getBytes(StandardCharsets.UTF_8).length > room) {
        detail = detail.substring(0, detail.length() - 1);
      }
    }

    /** The close frame: the end's code, its reason and the detail. */
    public CloseReason closeReason() {
      return end.closeReason(detail);
    }
  }

  /**
   * The client's fault this failure shows, if any.
   *
   * @param maxMessageBytes the limit a too-large close names
   */
  public static Optional<Verdict> judge(Throwable failure, int maxMessageBytes) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CorruptedWebSocketFrameException corrupted) {
        return Optional.of(
            corrupted.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()
                ? tooLarge(maxMessageBytes)
                : new Verdict(SocketEnd.PROTOCOL_ERROR, String.valueOf(corrupted.getMessage())));
      }
      if (t instanceof TooLongFrameException) {
        return Optional.of(tooLarge(maxMessageBytes));
      }
      if (t instanceof IllegalStateException
          && String.valueOf(t.getMessage()).contains("max message size")) {
        return Optional.of(tooLarge(maxMessageBytes));
      }
    }
    return Optional.empty();
  }

  private static Verdict tooLarge(int maxMessageBytes) {
    return new Verdict(SocketEnd.TOO_LARGE, "limit " + maxMessageBytes + " bytes");
  }

  /**
   * The client went away without a close handshake (power loss, a killed app, a dropped network):
   * an expected event for a fleet of devices, not a fault of the edge.
   */
  public static boolean isClientGone(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpClosedException || t instanceof ClosedChannelException) {
        return true;
      }
      if ((t instanceof IOException || t instanceof VertxException)
          && String.valueOf(t.getMessage()).contains("Connection reset")) {
        return true;
      }
    }
    return false;
  }
}
