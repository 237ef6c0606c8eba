package dev.switchboard.client;

/**
 * The app's code for messages. Called on one thread at a time per client, in arrival order. A
 * durable message is acknowledged after this returns; if it throws, the message is not
 * acknowledged, later durable messages of the same connection are not delivered, and the client
 * reconnects so that the edge sends them again (a message that always fails comes back until it
 * expires on the server).
 */
@FunctionalInterface
public interface MessageHandler {
  void onMessage(Message message) throws Exception;
}
