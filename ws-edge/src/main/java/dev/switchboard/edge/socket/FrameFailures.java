package dev.switchboard.edge.socket;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;

/**
 * The one place that decides what a socket error means: "the client sent too much", or "the client
 * is gone". Netty says the first by type (a frame over {@code max-frame-size}); Vert.x reports a
 * message over {@code max-message-size} as a plain {@link IllegalStateException} from its frame
 * aggregator, so that one case is recognised by the aggregator's own wording ("overflow max message
 * size"). A client that vanished without a close frame surfaces as a closed connection or a reset.
 */
public final class FrameFailures {

  private FrameFailures() {}

  public static boolean isTooLarge(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TooLongFrameException || t instanceof CorruptedWebSocketFrameException) {
        return true;
      }
      if (t instanceof IllegalStateException
          && String.valueOf(t.getMessage()).contains("max message size")) {
        return true;
      }
    }
    return false;
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
