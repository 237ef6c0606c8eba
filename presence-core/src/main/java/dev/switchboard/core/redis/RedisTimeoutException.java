package dev.switchboard.core.redis;

/** Redis did not answer within the configured operation timeout. */
public final class RedisTimeoutException extends RuntimeException {
  public RedisTimeoutException(String message) {
    super(message);
  }
}
