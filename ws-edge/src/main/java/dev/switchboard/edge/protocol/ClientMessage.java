package dev.switchboard.edge.protocol;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** A text frame from a client, parsed. Parsing never throws: bad input becomes a value. */
public sealed interface ClientMessage {

  /** Application-level ping; answered with pong. */
  record Ping() implements ClientMessage {}

  /** Acknowledges a delivered message. */
  record Ack(String id) implements ClientMessage {}

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
      case "ack" ->
          json.getValue("id") instanceof String id
              ? new Ack(id)
              : new Malformed("ack needs a string field 'id'");
      default -> new Unknown(name);
    };
  }
}
