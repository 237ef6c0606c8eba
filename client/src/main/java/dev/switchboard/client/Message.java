package dev.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.delivery.Seq;
import java.util.Optional;

/**
 * A message routed to this device.
 *
 * @param id the message id the sender got back
 * @param seq present for a durable message: delivered once, in seq order, acknowledged once the
 *     handler returns; empty for an at-most-once message
 * @param payload the JSON value the sender posted
 */
public record Message(String id, Optional<Seq> seq, JsonNode payload) {

  /** Whether the message is durable (at-least-once on the wire, once to the app). */
  public boolean durable() {
    return seq.isPresent();
  }
}
