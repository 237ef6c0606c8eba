package dev.switchboard.core.model;

import java.util.Locale;

/** Which cap of an outbox a refused store hit. */
public enum OutboxCap {
  /** {@code switchboard.delivery.max-messages}. */
  COUNT,
  /** {@code switchboard.delivery.max-bytes}. */
  BYTES;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
