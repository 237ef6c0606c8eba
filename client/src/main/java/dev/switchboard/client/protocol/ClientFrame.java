package dev.switchboard.client.protocol;

import dev.switchboard.client.delivery.Seq;

/** A frame the client sends. */
public sealed interface ClientFrame {

  /** The JSON text of the frame. */
  String json();

  /** App-level heartbeat; the edge answers {@code pong}. */
  record Ping() implements ClientFrame {
    @Override
    public String json() {
      return "{\"type\":\"ping\"}";
    }
  }

  /** Acknowledges an at-most-once message by id (counted by the edge, nothing more). */
  record AckId(String id) implements ClientFrame {
    @Override
    public String json() {
      return ProtocolJson.MAPPER.createObjectNode().put("type", "ack").put("id", id).toString();
    }
  }

  /** Acknowledges every durable message up to and including {@code seq} (cumulative). */
  record AckSeq(Seq seq) implements ClientFrame {
    @Override
    public String json() {
      return "{\"type\":\"ack\",\"seq\":\"" + seq + "\"}";
    }
  }
}
