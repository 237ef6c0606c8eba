package dev.switchboard.core.model;

import java.util.Locale;

/** Where a durable message is in its delivery, as {@code GET …/messages/{id}} answers. */
public enum DeliveryState {
  /** In the outbox, not handed to a socket yet (the device may be offline). */
  QUEUED,
  /** Handed to a socket of the device at least once, not acknowledged yet. */
  SENT,
  /** Acknowledged by the device (a cumulative ack covered it); it left the outbox. */
  ACKED,
  /** Its TTL passed before an ack; it will not be delivered (again). */
  EXPIRED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The one rule from what the outbox holds to a state, used for {@code GET} and for the answer to
   * a repeated {@code Idempotency-Key}. A message that left the stream without an ack (expired and
   * purged) or whose TTL has passed is expired; one at or below the acked cursor is acked; one at
   * or below the highest seq handed to a socket is sent.
   */
  public static DeliveryState of(MessageFacts facts) {
    if (facts.expiredMark()) {
      return EXPIRED;
    }
    if (facts.seq().compareTo(facts.acked()) <= 0) {
      return ACKED;
    }
    if (facts.entryExpiresMs().isEmpty() || facts.entryExpiresMs().getAsLong() <= facts.nowMs()) {
      return EXPIRED;
    }
    if (facts.seq().compareTo(facts.sent()) <= 0) {
      return SENT;
    }
    return QUEUED;
  }
}
