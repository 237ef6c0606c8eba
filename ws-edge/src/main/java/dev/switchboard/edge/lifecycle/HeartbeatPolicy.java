package dev.switchboard.edge.lifecycle;

/**
 * What the instance-wide heartbeat sweep does with one connection at one tick: nothing, ping it, or
 * declare it dead. Pure; times are monotonic nanoseconds.
 */
public record HeartbeatPolicy(long intervalNanos, long timeoutNanos) {

  /** The decision for one connection. */
  public enum Action {
    NONE,
    PING,
    TIMEOUT
  }

  public Action decide(long nowNanos, long lastActivityNanos, long lastPingNanos) {
    if (nowNanos - lastActivityNanos >= timeoutNanos) {
      return Action.TIMEOUT;
    }
    if (nowNanos - lastPingNanos >= intervalNanos) {
      return Action.PING;
    }
    return Action.NONE;
  }
}
