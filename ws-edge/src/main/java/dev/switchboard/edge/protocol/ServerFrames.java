package dev.switchboard.edge.protocol;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/** The JSON text frames the server sends. */
public final class ServerFrames {

  private ServerFrames() {}

  /**
   * Sent once the connection owns the device.
   *
   * @param window most durable messages sent to the connection and not yet acknowledged
   */
  public static String welcome(
      String connectionId,
      String device,
      long epoch,
      long heartbeatMs,
      ReconnectPolicy reconnect,
      int window) {
    // Written directly, as JsonObject.encode() wrote it: databind was a few per cent of a connect.
    return "{\"type\":\"welcome\",\"connectionId\":"
        + quoted(connectionId)
        + ",\"device\":"
        + quoted(device)
        + ",\"epoch\":"
        + epoch
        + ",\"heartbeatMs\":"
        + heartbeatMs
        + ",\"reconnect\":{\"baseMs\":"
        + reconnect.baseMs()
        + ",\"maxMs\":"
        + reconnect.maxMs()
        + ",\"jitter\":"
        + quoted(reconnect.jitter())
        + "},\"delivery\":{\"window\":"
        + window
        + "}}";
  }

  /** A JSON string literal, escaped as Jackson's generator escapes it. */
  private static String quoted(String text) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
  }

  public static String pong() {
    return "{\"type\":\"pong\"}";
  }

  /** A routed message; the payload is JSON text forwarded as-is. */
  public static String message(String id, String payloadJson) {
    return new JsonObject()
        .put("type", "message")
        .put("id", id)
        .put("payload", Json.decodeValue(payloadJson))
        .encode();
  }

  /**
   * A durable message: {@code seq} is its outbox stream id, which the client acks (cumulatively)
   * and uses to drop a redelivered duplicate. The payload is JSON text the API validated, embedded
   * as-is instead of being parsed again here.
   */
  public static String durableMessage(String id, String seq, String payloadJson) {
    return "{\"type\":\"message\",\"id\":"
        + Json.encode(id)
        + ",\"seq\":"
        + Json.encode(seq)
        + ",\"payload\":"
        + payloadJson
        + "}";
  }

  /** Drain: reconnect after this many milliseconds. */
  public static String reconnect(long afterMs) {
    return new JsonObject().put("type", "reconnect").put("afterMs", afterMs).encode();
  }

  /** An error that does not close the socket (unknown type, malformed JSON). */
  public static String error(String code, String reason) {
    return new JsonObject().put("type", "error").put("code", code).put("reason", reason).encode();
  }
}
