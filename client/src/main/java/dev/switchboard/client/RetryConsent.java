package dev.switchboard.client;

import dev.switchboard.client.policy.Ending;

/**
 * The app's say on a policy close (1008: token expired, slow consumer, message too large) and on a
 * refused token (HTTP 401/403): retrying unchanged would fail again, so the client retries only if
 * this answers {@code true} — say, because the token supplier now returns a fresh token. Called on
 * the client's control thread.
 */
@FunctionalInterface
public interface RetryConsent {

  /** Never retries a policy close: the default. */
  RetryConsent NEVER = ending -> false;

  /** Retries a close for an expired token (the token supplier is asked again on the retry). */
  RetryConsent ON_TOKEN_EXPIRED =
      ending -> ending.code() == 1008 && ending.reason().startsWith("token expired");

  boolean retry(Ending ending);
}
