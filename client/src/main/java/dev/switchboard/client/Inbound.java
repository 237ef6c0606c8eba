package dev.switchboard.client;

import dev.switchboard.client.delivery.DurableDedup;
import dev.switchboard.client.delivery.Seq;
import dev.switchboard.client.protocol.ClientFrame;

/**
 * Hands one message to the app's handler and says what to acknowledge: a durable message once (a
 * duplicate is dropped and still acknowledged, so that the edge moves on), acknowledged only after
 * the handler returned; an at-most-once message by id. Called on the client's delivery thread only.
 */
final class Inbound {

  /** What came of one message. */
  sealed interface Outcome {
    /** Handled: send this acknowledgement. */
    record Handled(ClientFrame ack) implements Outcome {}

    /**
     * A durable message at or below the last delivered seq: not handed over; still acknowledged.
     */
    record Duplicate(ClientFrame ack) implements Outcome {}

    /** The handler threw; nothing is acknowledged. A durable message will come again. */
    record Failed(Exception error, boolean durable) implements Outcome {}
  }

  private final DurableDedup dedup;
  private final MessageHandler handler;

  Inbound(DurableDedup dedup, MessageHandler handler) {
    this.dedup = dedup;
    this.handler = handler;
  }

  Outcome handle(Message message) {
    if (message.seq().isEmpty()) {
      try {
        handler.onMessage(message);
      } catch (Exception e) {
        return new Outcome.Failed(e, false);
      }
      return new Outcome.Handled(new ClientFrame.AckId(message.id()));
    }
    Seq seq = message.seq().get();
    if (dedup.offer(seq) == DurableDedup.Verdict.DROP) {
      return new Outcome.Duplicate(new ClientFrame.AckSeq(seq));
    }
    try {
      handler.onMessage(message);
    } catch (Exception e) {
      return new Outcome.Failed(e, true);
    }
    dedup.delivered(seq);
    return new Outcome.Handled(new ClientFrame.AckSeq(seq));
  }
}
