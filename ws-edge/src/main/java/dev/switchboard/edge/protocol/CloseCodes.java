package dev.switchboard.edge.protocol;

/** The close codes of the client protocol (docs/DESIGN.md). */
public final class CloseCodes {
  /** Going away: drain or heartbeat timeout; reconnect after the hinted delay. */
  public static final int GOING_AWAY = 1001;

  /** Protocol error: frames that break RFC 6455; a client bug, do not retry unchanged. */
  public static final int PROTOCOL_ERROR = 1002;

  /** Policy violation: slow consumer, token expired; do not retry unchanged. */
  public static final int POLICY = 1008;

  /** Message too big: over {@code max-message-size} (the reason names it); do not resend it. */
  public static final int MESSAGE_TOO_BIG = 1009;

  /** Try again later: admission limit, overload shedding, claim failed; back off with jitter. */
  public static final int TRY_AGAIN_LATER = 1013;

  /** Replaced by a newer connection of the same device; do not reconnect automatically. */
  public static final int REPLACED = 4001;

  /** The device is online elsewhere and the policy is reject-new. */
  public static final int ALREADY_ONLINE = 4409;

  /** Flapping: too many takeovers; back off long. */
  public static final int FLAPPING = 4429;

  private CloseCodes() {}
}
