package dev.switchboard.edge.protocol;

import dev.switchboard.core.model.StreamId;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** A text frame from a client, parsed. Parsing never throws: bad input becomes a value. */
public sealed interface ClientMessage {

  /** Application-level ping; answered with pong. */
  record Ping() implements ClientMessage {}

  /** Acknowledges an at-most-once message by id (counted, nothing more). */
  record Ack(String id) implements ClientMessage {}

  /**
   * Acknowledges every durable message up to and including a seq (cumulative).
   *
   * @param seq the seq, when the frame's {@code seq} is a string {@code <ms>-<n>}
   * @param raw the {@code seq} value as sent, for the {@code bad_ack} reason when it is not one
   */
  record AckSeq(Optional<StreamId> seq, String raw) implements ClientMessage {}

  /** Well-formed JSON with a type this server does not know. */
  record Unknown(String type) implements ClientMessage {}

  /** Not a JSON object with a string {@code type}, or a known type missing its fields. */
  record Malformed(String reason) implements ClientMessage {}

  static ClientMessage parse(String text) {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      return new Malformed("frame is not a JSON object");
    }
    Object type = json.getValue("type");
    if (!(type instanceof String name)) {
      return new Malformed("field 'type' (a string) is required");
    }
    return switch (name) {
      case "ping" -> new Ping();
      case "ack" -> ack(json);
      default -> new Unknown(name);
    };
  }

  private static ClientMessage ack(JsonObject json) {
    if (json.containsKey("seq")) {
      Object seq = json.getValue("seq");
      String raw = seq instanceof String text ? text : String.valueOf(json.getValue("seq"));
      return new AckSeq(
          seq instanceof String text ? StreamId.parseExact(text) : Optional.empty(),
          raw.length() > 64 ? raw.substring(0, 64) + "…" : raw);
    }
    return json.getValue("id") instanceof String id
        ? new Ack(id)
        : new Malformed("ack needs a string field 'seq' (durable) or 'id' (at-most-once)");
  }
}
