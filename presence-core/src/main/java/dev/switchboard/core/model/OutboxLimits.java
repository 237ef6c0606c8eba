package dev.switchboard.core.model;

/**
 * The per-device caps of an outbox: a store beyond either is refused as full.
 *
 * @param maxMessages most messages waiting (not yet acknowledged or expired)
 * @param maxBytes most payload bytes waiting
 */
public record OutboxLimits(int maxMessages, long maxBytes) {
  public OutboxLimits {
    if (maxMessages < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("outbox limits must be positive");
    }
  }
}
