package dev.switchboard.core.redis;

import dev.switchboard.core.model.InboxMessage;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** The JSON form of inbox messages, shared by the publishers (edge, API) and the edge reader. */
public final class InboxCodec {

  private InboxCodec() {}

  public static String encode(InboxMessage message) {
    JsonObject json = new JsonObject().put("device", message.device()).put("conn", message.conn());
    if (message instanceof InboxMessage.Kick) {
      json.put("type", "kick");
    } else if (message instanceof InboxMessage.Wake) {
      json.put("type", "wake");
    } else if (message instanceof InboxMessage.Deliver deliver) {
      json.put("type", "deliver")
          .put("id", deliver.id())
          .put("payload", Json.decodeValue(deliver.payloadJson()));
    }
    return json.encode();
  }

  /** Decodes a message; empty when it is not one this version understands. */
  public static Optional<InboxMessage> decode(String text) {
    try {
      JsonObject json = new JsonObject(text);
      String device = json.getString("device");
      String conn = json.getString("conn");
      if (device == null || conn == null) {
        return Optional.empty();
      }
      return switch (json.getString("type", "")) {
        case "kick" -> Optional.of(new InboxMessage.Kick(device, conn));
        case "wake" -> Optional.of(new InboxMessage.Wake(device, conn));
        case "deliver" ->
            Optional.of(
                new InboxMessage.Deliver(
                    device, conn, json.getString("id", ""), Json.encode(json.getValue("payload"))));
        default -> Optional.empty();
      };
    } catch (DecodeException | ClassCastException e) {
      return Optional.empty();
    }
  }
}
