package dev.switchboard.edge.socket;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;

/**
 * The one place that decides whether a socket error means "the client sent too much". Netty says so
 * by type (a frame over {@code max-frame-size}); Vert.x reports a message over {@code
 * max-message-size} as a plain {@link IllegalStateException} from its frame aggregator, so that one
 * case is recognised by the aggregator's own wording ("overflow max message size").
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
}
