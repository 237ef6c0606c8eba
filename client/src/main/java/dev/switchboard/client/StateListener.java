package dev.switchboard.client;

/**
 * Hears every state change of a client, in order, on the client's control thread: keep it short and
 * do not block in it (calling {@code connect()} or {@code close()} from it is fine).
 */
@FunctionalInterface
public interface StateListener {
  void onStateChange(ClientState state);
}
