package dev.switchboard.edge.protocol;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/** The JSON text frames the server sends. */
public final class ServerFrames {

  private ServerFrames() {}

  /** Sent once the connection owns the device. */
  public static String welcome(
      String connectionId, String device, long epoch, long heartbeatMs, ReconnectPolicy reconnect) {
    return new JsonObject()
        .put("type", "welcome")
        .put("connectionId", connectionId)
        .put("device", device)
        .put("epoch", epoch)
        .put("heartbeatMs", heartbeatMs)
        .put(
            "reconnect",
            new JsonObject()
                .put("baseMs", reconnect.baseMs())
                .put("maxMs", reconnect.maxMs())
                .put("jitter", reconnect.jitter()))
        .encode();
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

  /** Drain: reconnect after this many milliseconds. */
  public static String reconnect(long afterMs) {
    return new JsonObject().put("type", "reconnect").put("afterMs", afterMs).encode();
  }

  /** An error that does not close the socket (unknown type, malformed JSON). */
  public static String error(String code, String reason) {
    return new JsonObject().put("type", "error").put("code", code).put("reason", reason).encode();
  }
}
