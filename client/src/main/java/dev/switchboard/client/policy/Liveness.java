package dev.switchboard.client.policy;

/**
 * The client side of the heartbeat, from {@code welcome.heartbeatMs}: an app {@code ping} every
 * {@code heartbeatMs / 2}, so that every live server sends a frame (its {@code pong}) at least that
 * often even where protocol pongs are not seen; a server silent for {@code 2 × heartbeatMs} — no
 * frame of any kind — is given up as dead. A connection is "up" for the back-off once it was
 * welcomed and stayed open for one {@code heartbeatMs}.
 */
public record Liveness(long heartbeatMs) {

  /** The edge's default {@code switchboard.edge.heartbeat.interval}. */
  public static final Liveness EDGE_DEFAULT = new Liveness(10_000);

  public Liveness {
    if (heartbeatMs <= 0) {
      throw new IllegalArgumentException("heartbeatMs must be positive, got " + heartbeatMs);
    }
  }

  /** What to do at one tick. */
  public enum Action {
    NONE,
    PING,
    SERVER_DEAD
  }

  public long pingEveryMs() {
    return Math.max(1, heartbeatMs / 2);
  }

  public long deadAfterMs() {
    return 2 * heartbeatMs;
  }

  /**
   * How often the caller should call {@link #decide}: a quarter of the ping period, at least 10 ms.
   */
  public long tickMs() {
    return Math.max(10, pingEveryMs() / 4);
  }

  /**
   * The decision at {@code nowMs}, given when the last frame arrived from the server and when the
   * client last sent a ping (both on the same monotonic clock).
   */
  public Action decide(long nowMs, long lastFrameMs, long lastPingMs) {
    if (nowMs - lastFrameMs >= deadAfterMs()) {
      return Action.SERVER_DEAD;
    }
    if (nowMs - lastPingMs >= pingEveryMs()) {
      return Action.PING;
    }
    return Action.NONE;
  }

  /**
   * Whether a connection welcomed at {@code welcomedMs} and ended at {@code endedMs} stayed up long
   * enough to reset the back-off attempt: a connection refused or dropped right after its welcome
   * (a flapping twin, a crashing edge) keeps growing the back-off.
   */
  public boolean stayedUp(long welcomedMs, long endedMs) {
    return endedMs - welcomedMs >= heartbeatMs;
  }
}
