package dev.switchboard.edge.delivery;

import dev.switchboard.core.model.StreamId;

/** What to do with a client's {@code ack {seq}}, decided against what its connection was sent. */
public sealed interface AckCheck {

  /** The seq is not a stream id: answer {@code bad_ack}, move nothing. */
  record Malformed(String reason) implements AckCheck {}

  /** Above the last seq this connection was sent: answer {@code bad_ack}, move nothing. */
  record NeverSent(StreamId seq, StreamId lastSent) implements AckCheck {
    public String reason() {
      return "seq "
          + seq
          + " was never sent to this connection"
          + (lastSent.equals(StreamId.ZERO) ? "" : " (the last one sent is " + lastSent + ")");
    }
  }

  /** At or below the cursor already (a repeat, or an ack of a redelivered duplicate): nothing. */
  record Stale(StreamId seq) implements AckCheck {}

  /** Move the cursor to {@code seq} through the fenced ack script. */
  record Apply(StreamId seq) implements AckCheck {}
}
