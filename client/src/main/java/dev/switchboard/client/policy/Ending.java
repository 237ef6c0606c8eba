package dev.switchboard.client.policy;

import java.util.OptionalLong;

/**
 * How one connection attempt ended, as a value. {@link #code()} is the WebSocket close code the
 * server sent, 1006 when the connection ended without one (unreachable, silent, aborted by the
 * client), or the HTTP status of a refused upgrade (always below 1000).
 */
public sealed interface Ending {

  /** Close code, 1006, or the HTTP status of a refused upgrade. */
  int code();

  /** What happened, for logs and listeners. */
  String reason();

  /** Code of a connection that ended without a close frame. */
  int ABNORMAL = 1006;

  /** The server closed the socket with this code and reason. */
  record Closed(int code, String reason) implements Ending {}

  /**
   * The upgrade was answered with an HTTP status instead of 101 (401 bad token, 403 bad device id,
   * 429 too many from this address, 503 draining or not ready), with its {@code Retry-After}.
   */
  record Refused(int status, OptionalLong retryAfterMs) implements Ending {
    @Override
    public int code() {
      return status;
    }

    @Override
    public String reason() {
      return "upgrade refused with HTTP " + status;
    }
  }

  /** No connection, or it broke without a close frame (refused, reset, timed out). */
  record Unreachable(String error) implements Ending {
    @Override
    public int code() {
      return ABNORMAL;
    }

    @Override
    public String reason() {
      return error;
    }
  }

  /** No frame at all from the server for this long: the client gave the socket up. */
  record ServerSilent(long silentMs) implements Ending {
    @Override
    public int code() {
      return ABNORMAL;
    }

    @Override
    public String reason() {
      return "no frame from the server for " + silentMs + " ms";
    }
  }

  /** The token supplier failed or gave nothing; no connection was attempted. */
  record TokenUnavailable(String error) implements Ending {
    @Override
    public int code() {
      return ABNORMAL;
    }

    @Override
    public String reason() {
      return "no token: " + error;
    }
  }

  /**
   * The app's handler threw on a durable message: it is not acknowledged, and the client drops the
   * socket so that the server sends it again after the reconnect.
   */
  record HandlerFailed(String messageId, String error) implements Ending {
    @Override
    public int code() {
      return ABNORMAL;
    }

    @Override
    public String reason() {
      return "handler failed on message " + messageId + ": " + error;
    }
  }
}
