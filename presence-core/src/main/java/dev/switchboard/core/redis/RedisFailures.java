package dev.switchboard.core.redis;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.redis.client.impl.types.ErrorType;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * The one place that decides what a failed Redis call means. Services ask this class instead of
 * matching class names or message text themselves, so that a new client version or topology changes
 * one method, not four modules.
 */
public final class RedisFailures {

  /** What a failed call says about Redis. */
  public enum Kind {
    /** Redis could not be reached, or the connection broke: retry later, keep sockets up. */
    UNAVAILABLE,
    /** Redis did not answer within {@code switchboard.redis.timeout}. */
    TIMEOUT,
    /**
     * The node answered {@code READONLY}: it was the primary when the connection was opened and has
     * been demoted to a replica since (a failover). The connection must be dropped and re-opened
     * through the client's topology (Sentinel), which now names the new primary; retry later.
     */
    READ_ONLY,
    /**
     * The client refused the request before sending it: the connection's waiting queue (requests
     * sent and not yet answered, {@code max-waiting-handlers}) is full. Redis and the connection
     * are fine, only this process asks too much at once: keep the connection, retry later.
     */
    BUSY,
    /** A pipeline or script spanned hash slots on a cluster: split it and retry. */
    CROSS_SLOT,
    /** Redis answered with an error reply (a bug or a misconfiguration, not an outage). */
    ERROR_REPLY,
    /** Anything else: not a Redis failure this code knows. */
    OTHER
  }

  private RedisFailures() {}

  /** Classifies a failure by walking its causes; the first cause that tells wins. */
  public static Kind classify(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      Kind kind = classifyOne(t);
      if (kind != Kind.OTHER) {
        return kind;
      }
    }
    return Kind.OTHER;
  }

  /**
   * Unreachable, not answering in time, answering from a demoted primary, or this process's queue
   * of requests to it full: the caller should answer "try again later".
   */
  public static boolean isUnavailable(Throwable failure) {
    Kind kind = classify(failure);
    return kind == Kind.UNAVAILABLE
        || kind == Kind.TIMEOUT
        || kind == Kind.READ_ONLY
        || kind == Kind.BUSY;
  }

  /** The connection talks to a primary that a failover demoted: drop it and reconnect. */
  public static boolean isReadOnly(Throwable failure) {
    return classify(failure) == Kind.READ_ONLY;
  }

  /**
   * Redis answered, with an error about the request: the connection itself is fine and must not be
   * dropped. {@code READONLY} is not one: it is about the node the connection reached.
   */
  public static boolean isErrorReply(Throwable failure) {
    Kind kind = classify(failure);
    return kind == Kind.ERROR_REPLY || kind == Kind.CROSS_SLOT;
  }

  public static boolean isCrossSlot(Throwable failure) {
    return classify(failure) == Kind.CROSS_SLOT;
  }

  /** The first line of the innermost message: short enough for a log line or a problem detail. */
  public static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    if (message == null || message.isBlank()) {
      return root.getClass().getSimpleName();
    }
    return message.lines().findFirst().orElse(message);
  }

  private static Kind classifyOne(Throwable t) {
    if (t instanceof RedisTimeoutException) {
      return Kind.TIMEOUT;
    }
    if (t instanceof ErrorType error) {
      if (error.is("READONLY")) {
        return Kind.READ_ONLY;
      }
      return error.is("CROSSSLOT") || mentionsSlots(error.getMessage())
          ? Kind.CROSS_SLOT
          : Kind.ERROR_REPLY;
    }
    if (t instanceof ConnectException
        || t instanceof ClosedChannelException
        || t instanceof ConnectionPoolTooBusyException) {
      return Kind.UNAVAILABLE;
    }
    String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
    // The cluster client refuses a multi-slot batch before sending it, as a plain exception
    // ("... targets not all in the same hash slot (CROSSSLOT) ...").
    if (mentionsSlots(message)) {
      return Kind.CROSS_SLOT;
    }
    // Vert.x refuses a request over max-waiting-handlers with a plain NoStackTraceThrowable.
    if (message.contains("waiting queue is full")) {
      return Kind.BUSY;
    }
    // Vert.x reports a connection closed under a pending request with a plain VertxException.
    if (message.contains("connection refused")
        || message.contains("connection closed")
        || message.contains("connection was closed")) {
      return Kind.UNAVAILABLE;
    }
    return Kind.OTHER;
  }

  private static boolean mentionsSlots(String message) {
    String m = String.valueOf(message).toLowerCase(Locale.ROOT);
    return m.contains("crossslot") || m.contains("same hash slot") || m.contains("same slot");
  }
}
