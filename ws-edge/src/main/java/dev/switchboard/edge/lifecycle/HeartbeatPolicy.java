package dev.switchboard.edge.lifecycle;

/**
 * What the instance-wide heartbeat sweep does with one connection at one tick: nothing, ping it, or
 * declare it dead; and whether the edge itself stalled since the last tick. Pure; times are
 * monotonic nanoseconds.
 *
 * @param stallNanos a gap between two ticks this long means the edge itself did not run (a long GC
 *     pause, a frozen VM, SIGSTOP): its clients' frames wait unread in its sockets, so their
 *     silence is the edge's, not theirs
 */
public record HeartbeatPolicy(long intervalNanos, long timeoutNanos, long stallNanos) {

  /** A stall is a tick gap of at least four ticks and at least two seconds. */
  public static HeartbeatPolicy of(long intervalNanos, long timeoutNanos, long tickNanos) {
    return new HeartbeatPolicy(
        intervalNanos, timeoutNanos, Math.max(4 * tickNanos, 2_000_000_000L));
  }

  /**
   * Whether the edge stalled between two ticks. After a stall nobody is judged at once: every
   * connection is re-armed (its silence starts now) and pinged, and a peer that is really dead is
   * closed one timeout later — never a live socket whose pong sits unread in the buffer.
   */
  public boolean edgeStalled(long previousTickNanos, long nowNanos) {
    return previousTickNanos != 0 && nowNanos - previousTickNanos >= stallNanos;
  }

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
