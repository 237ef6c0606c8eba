package dev.switchboard.core.redis;

/** A script or command answered in a shape its contract does not allow: a bug, not an outage. */
public final class UnexpectedReplyException extends RuntimeException {
  public UnexpectedReplyException(String message) {
    super(message);
  }
}
