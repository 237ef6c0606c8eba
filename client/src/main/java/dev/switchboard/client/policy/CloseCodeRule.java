package dev.switchboard.client.policy;

import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/**
 * The close-code table of docs/DESIGN.md as one decision: after a connection ended, reconnect
 * (after how long) or stop.
 *
 * <table>
 *   <caption>what the client does</caption>
 *   <tr><td>4001 replaced, 4409 already online</td><td>stop: only the app's {@code connect()}
 *       starts again (a second instance of the device must not fight the first)</td></tr>
 *   <tr><td>4429 flapping</td><td>the hinted time ({@code retry after N ms}), else {@link
 *       #flappingDefaultMs}, plus up to one base of jitter</td></tr>
 *   <tr><td>1008 policy, 1009 too large, 1002 protocol error; upgrade refused 401/403</td><td>stop, unless the app consents (say, its
 *       token supplier now has a fresh token); then the usual back-off</td></tr>
 *   <tr><td>1001 going away, 1013 try again later</td><td>the back-off, but at least the hint of
 *       the close reason or of a {@code reconnect {afterMs}} frame</td></tr>
 *   <tr><td>upgrade refused with another 4xx (not 408/429)</td><td>stop: retrying the same request
 *       cannot help</td></tr>
 *   <tr><td>upgrade refused 408/429/5xx</td><td>the back-off, at least its {@code
 *       Retry-After}</td></tr>
 *   <tr><td>anything else (unreachable, broken, silent server, 1000, 1011)</td><td>the back-off,
 *       at least a {@code reconnect} frame's hint</td></tr>
 * </table>
 *
 * <p>The back-off is {@link ReconnectPolicy#fullJitter}; with {@code maxAttempts}, retry number
 * {@code maxAttempts} (0-based attempts since the last connection that stayed up) is not made.
 *
 * @param flappingDefaultMs the wait after 4429 when the reason carries no hint (the edge's default
 *     flapping window)
 * @param maxAttempts retries allowed in a row without a connection that stayed up; empty for no
 *     limit
 */
public record CloseCodeRule(long flappingDefaultMs, OptionalInt maxAttempts) {

  /** The edge's default {@code switchboard.edge.takeover.window}: 60 s. */
  public static final long FLAPPING_DEFAULT_MS = 60_000;

  public static final CloseCodeRule DEFAULT =
      new CloseCodeRule(FLAPPING_DEFAULT_MS, OptionalInt.empty());

  public CloseCodeRule {
    if (flappingDefaultMs < 0) {
      throw new IllegalArgumentException("flappingDefaultMs must not be negative");
    }
    if (maxAttempts.isPresent() && maxAttempts.getAsInt() < 0) {
      throw new IllegalArgumentException("maxAttempts must not be negative");
    }
  }

  /**
   * Decides.
   *
   * @param ending how the connection ended
   * @param policy the back-off the last {@code welcome} announced (or the client's default)
   * @param frameHintMs the {@code afterMs} of a {@code reconnect} frame on that connection
   * @param attempt 0-based retries since the last connection that stayed up
   * @param uniform a random number in [0, 1) for the jitter
   * @param appConsents asked only for a policy close (1008, 1009, 1002, 401, 403): may the client
   *     retry?
   */
  public Decision decide(
      Ending ending,
      ReconnectPolicy policy,
      OptionalLong frameHintMs,
      int attempt,
      double uniform,
      BooleanSupplier appConsents) {
    int code = ending.code();
    if (ending instanceof Ending.Closed && code == CloseCodes.REPLACED) {
      return stop(ending, "replaced by a newer connection of this device (4001)");
    }
    if (ending instanceof Ending.Closed && code == CloseCodes.ALREADY_ONLINE) {
      return stop(ending, "the device is online elsewhere and the edge refuses newcomers (4409)");
    }
    if (maxAttempts.isPresent() && attempt >= maxAttempts.getAsInt()) {
      return stop(ending, "gave up after " + attempt + " attempts in a row");
    }
    long backoff = policy.fullJitter(attempt, uniform);
    if (ending instanceof Ending.Closed closed) {
      OptionalLong reasonHint = RetryHints.fromReason(closed.reason());
      return switch (code) {
        case CloseCodes.FLAPPING ->
            new Decision.Reconnect(
                reasonHint.orElse(flappingDefaultMs)
                    + (long) (ReconnectPolicy.clamp(uniform) * policy.baseMs()));
        case CloseCodes.POLICY, CloseCodes.TOO_LARGE, CloseCodes.PROTOCOL_ERROR ->
            policyClose(ending, backoff, appConsents);
        case CloseCodes.GOING_AWAY, CloseCodes.TRY_AGAIN_LATER ->
            new Decision.Reconnect(atLeast(backoff, reasonHint, frameHintMs));
        default -> new Decision.Reconnect(atLeast(backoff, frameHintMs));
      };
    }
    if (ending instanceof Ending.Refused refused) {
      int status = refused.status();
      if (status == 401 || status == 403) {
        return policyClose(ending, backoff, appConsents);
      }
      if (status >= 400 && status < 500 && status != 408 && status != 429) {
        return stop(ending, "the edge refuses this request; retrying it unchanged cannot help");
      }
      return new Decision.Reconnect(atLeast(backoff, refused.retryAfterMs()));
    }
    return new Decision.Reconnect(atLeast(backoff, frameHintMs));
  }

  private static Decision policyClose(Ending ending, long backoff, BooleanSupplier appConsents) {
    return appConsents.getAsBoolean()
        ? new Decision.Reconnect(backoff)
        : stop(ending, "not retried without the app's consent");
  }

  private static Decision.Stop stop(Ending ending, String why) {
    return new Decision.Stop(ending.reason() + " (" + ending.code() + "): " + why);
  }

  private static long atLeast(long backoff, OptionalLong... hints) {
    long delay = backoff;
    for (OptionalLong hint : hints) {
      if (hint.isPresent()) {
        delay = Math.max(delay, hint.getAsLong());
      }
    }
    return delay;
  }
}
