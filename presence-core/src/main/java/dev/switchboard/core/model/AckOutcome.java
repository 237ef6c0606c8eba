package dev.switchboard.core.model;

/** What a delivery ack did. */
public sealed interface AckOutcome {

  /** The cursor moved to {@code cursor}; {@code trimmed} entries up to it left the outbox. */
  record Acked(StreamId cursor, int trimmed) implements AckOutcome {}

  /** Nothing moved: the seq was not after the cursor (a repeat), or the outbox is gone. */
  record Unchanged(StreamId cursor) implements AckOutcome {}

  /**
   * Refused: a newer connection (epoch at least the caller's) owns the device, so an ack from this
   * one must not move the cursor past messages the new owner has not received.
   */
  record Replaced(String holderConn, long holderEpoch) implements AckOutcome {}
}
