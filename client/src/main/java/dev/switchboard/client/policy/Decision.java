package dev.switchboard.client.policy;

/** What the client does after a connection ended. */
public sealed interface Decision {

  /** Connect again after this many milliseconds. */
  record Reconnect(long afterMs) implements Decision {}

  /** Stay closed until the app calls {@code connect()} again. */
  record Stop(String reason) implements Decision {}
}
