package dev.switchboard.client.policy;

/** The close codes of the client protocol (docs/DESIGN.md, "Client protocol"). */
public final class CloseCodes {
  /** Going away: drain or heartbeat timeout; reconnect after the hinted delay. */
  public static final int GOING_AWAY = 1001;

  /** Policy: frame too large, slow consumer, token expired; not retried without a fix. */
  public static final int POLICY = 1008;

  /** Protocol error: the client broke the framing; the same client would do it again. */
  public static final int PROTOCOL_ERROR = 1002;

  /** Message too large: the reason names the limit; the same message would be refused again. */
  public static final int TOO_LARGE = 1009;

  /** Try again later: admission limit, overload, claim failed; the reason says when. */
  public static final int TRY_AGAIN_LATER = 1013;

  /** Replaced by a newer connection of the same device. */
  public static final int REPLACED = 4001;

  /** The device is online elsewhere and the policy is reject-new. */
  public static final int ALREADY_ONLINE = 4409;

  /** Flapping: too many takeovers; the reason says for how long. */
  public static final int FLAPPING = 4429;

  private CloseCodes() {}
}
