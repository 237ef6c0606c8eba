package dev.switchboard.core.model;

/** What travels on an instance's inbox channel. */
public sealed interface InboxMessage {

  /** The device this message is about. */
  String device();

  /** The connection it targets: acted on only while that connection is still open there. */
  String conn();

  /** Close the connection with 4001: a newer connection of the device was claimed elsewhere. */
  record Kick(String device, String conn) implements InboxMessage {}

  /**
   * Deliver a routed message to the connection as a {@code message {id, payload}} frame.
   *
   * @param payloadJson the payload as JSON text, forwarded as-is
   */
  record Deliver(String device, String conn, String id, String payloadJson)
      implements InboxMessage {}

  /**
   * Durable messages wait in the device's outbox: the connection (if still open there) reads and
   * sends what its window allows.
   */
  record Wake(String device, String conn) implements InboxMessage {}
}
