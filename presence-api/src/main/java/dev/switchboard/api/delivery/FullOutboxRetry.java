package dev.switchboard.api.delivery;

import dev.switchboard.core.model.StoreOutcome;

/**
 * The {@code Retry-After} of a 429 for a full outbox. Room comes back when the device acknowledges
 * (soon, if it is online) or when the oldest waiting message expires (the only way, if it is not).
 * Pure.
 */
public final class FullOutboxRetry {

  /** The longest hint: a caller should not be told to stay away for long. */
  public static final long MAX_SECONDS = 60;

  private FullOutboxRetry() {}

  /** Whole seconds, 1 to {@link #MAX_SECONDS}. */
  public static long seconds(StoreOutcome.Full full) {
    if (full.owner().isPresent() || full.msUntilOldestExpires() <= 0) {
      return 1;
    }
    long seconds = (full.msUntilOldestExpires() + 999) / 1000;
    return Math.max(1, Math.min(MAX_SECONDS, seconds));
  }
}
