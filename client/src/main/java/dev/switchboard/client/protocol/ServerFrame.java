package dev.switchboard.client.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.switchboard.client.delivery.Seq;
import dev.switchboard.client.policy.ReconnectPolicy;
import java.util.Optional;
import java.util.OptionalInt;

/** A text frame from the edge, parsed. Parsing never throws: bad input becomes a value. */
public sealed interface ServerFrame
    permits Welcome,
        ServerFrame.Pong,
        ServerFrame.MessageFrame,
        ServerFrame.ReconnectHint,
        ServerFrame.ServerError,
        ServerFrame.Unknown,
        ServerFrame.Malformed {

  /** The answer to the client's {@code ping}. */
  record Pong() implements ServerFrame {}

  /**
   * A message for the app: durable when it has a {@code seq} (acknowledged with {@code ack {seq}}),
   * at-most-once otherwise (acknowledged with {@code ack {id}}).
   */
  record MessageFrame(String id, Optional<Seq> seq, JsonNode payload) implements ServerFrame {}

  /** A drain is coming: reconnect no sooner than {@code afterMs}. */
  record ReconnectHint(long afterMs) implements ServerFrame {}

  /** An error that did not close the socket ({@code malformed}, {@code bad_ack}, …). */
  record ServerError(String code, String reason) implements ServerFrame {}

  /** A frame type this client does not know (a newer edge); ignored. */
  record Unknown(String type) implements ServerFrame {}

  /** Not JSON, no type, or a known type missing what it needs. */
  record Malformed(String reason) implements ServerFrame {}

  /** Parses one text frame. */
  static ServerFrame parse(String text) {
    JsonNode json;
    try {
      json = ProtocolJson.MAPPER.readTree(text);
    } catch (JacksonException e) {
      return new Malformed("frame is not JSON");
    }
    if (json == null || !json.isObject()) {
      return new Malformed("frame is not a JSON object");
    }
    JsonNode type = json.get("type");
    if (type == null || !type.isTextual()) {
      return new Malformed("frame has no string 'type'");
    }
    return switch (type.asText()) {
      case "welcome" -> welcome(json);
      case "pong" -> new Pong();
      case "message" -> message(json);
      case "reconnect" ->
          json.path("afterMs").canConvertToLong() && json.path("afterMs").asLong() >= 0
              ? new ReconnectHint(json.path("afterMs").asLong())
              : new Malformed("reconnect needs a non-negative 'afterMs'");
      case "error" -> new ServerError(json.path("code").asText(""), json.path("reason").asText(""));
      default -> new Unknown(type.asText());
    };
  }

  private static ServerFrame welcome(JsonNode json) {
    JsonNode conn = json.get("connectionId");
    JsonNode device = json.get("device");
    JsonNode heartbeat = json.get("heartbeatMs");
    if (conn == null || !conn.isTextual() || device == null || !device.isTextual()) {
      return new Malformed("welcome needs string 'connectionId' and 'device'");
    }
    if (heartbeat == null || !heartbeat.canConvertToLong() || heartbeat.asLong() <= 0) {
      return new Malformed("welcome needs a positive 'heartbeatMs'");
    }
    return new Welcome(
        conn.asText(),
        device.asText(),
        json.path("epoch").asLong(0),
        heartbeat.asLong(),
        reconnect(json.path("reconnect")),
        window(json.path("delivery").path("window")));
  }

  private static Optional<ReconnectPolicy> reconnect(JsonNode reconnect) {
    JsonNode base = reconnect.path("baseMs");
    JsonNode max = reconnect.path("maxMs");
    if (!base.canConvertToLong() || !max.canConvertToLong()) {
      return Optional.empty();
    }
    if (base.asLong() <= 0 || max.asLong() < base.asLong()) {
      return Optional.empty();
    }
    return Optional.of(new ReconnectPolicy(base.asLong(), max.asLong()));
  }

  private static OptionalInt window(JsonNode window) {
    return window.canConvertToInt() && window.asInt() > 0
        ? OptionalInt.of(window.asInt())
        : OptionalInt.empty();
  }

  private static ServerFrame message(JsonNode json) {
    JsonNode id = json.get("id");
    if (id == null || !id.isTextual()) {
      return new Malformed("message needs a string 'id'");
    }
    JsonNode payload = json.has("payload") ? json.get("payload") : NullNode.getInstance();
    JsonNode seq = json.get("seq");
    if (seq == null || seq.isNull()) {
      return new MessageFrame(id.asText(), Optional.empty(), payload);
    }
    Optional<Seq> parsed = seq.isTextual() ? Seq.parse(seq.asText()) : Optional.empty();
    return parsed.isPresent()
        ? new MessageFrame(id.asText(), parsed, payload)
        : new Malformed("message " + id.asText() + " has a 'seq' that is not \"<ms>-<n>\"");
  }
}
