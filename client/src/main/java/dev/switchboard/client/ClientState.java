package dev.switchboard.client;

import dev.switchboard.client.policy.Ending;
import dev.switchboard.client.protocol.Welcome;

/**
 * Where a client is. A new client is {@code Closed(true, 0, "not connected")} until {@link
 * SwitchboardClient#connect()}; each attempt is {@link Connecting}, then {@link Connected} once
 * welcomed, and every end is {@link Closed}, followed by {@link ReconnectScheduled} unless it is
 * final.
 */
public sealed interface ClientState {

  /**
   * Asking for a token and opening the socket.
   *
   * @param retry 0 for a first connect, n for the n-th retry in a row (since the last connection
   *     that stayed up)
   */
  record Connecting(int retry) implements ClientState {}

  /** Welcomed: the connection owns the device. */
  record Connected(Welcome welcome) implements ClientState {}

  /**
   * The next attempt starts in {@code delayMs}.
   *
   * @param cause how the last attempt ended
   * @param attempt the back-off attempt the delay was drawn for (its jitter cap is min(max, base ×
   *     2^attempt))
   */
  record ReconnectScheduled(long delayMs, Ending cause, int attempt) implements ClientState {}

  /**
   * A connection or attempt ended.
   *
   * @param isFinal no reconnect follows; only {@link SwitchboardClient#connect()} starts again
   * @param code the close code, 1006 without one, or the HTTP status of a refused upgrade
   * @param reason the close reason; when final, also why the client stopped
   */
  record Closed(boolean isFinal, int code, String reason) implements ClientState {}
}
