package dev.switchboard.core.model;

import java.util.Optional;

/** What a claim did. */
public sealed interface ClaimResult {

  /**
   * The caller now owns the entry.
   *
   * @param epoch the entry's new epoch, strictly greater than any earlier one for this device
   * @param replaced the connection that held the device before, to be kicked with 4001
   * @param outboxPending whether durable messages wait in the device's outbox (read atomically with
   *     the claim: a message stored later sees the new owner and wakes it)
   */
  record Claimed(long epoch, Optional<Holder> replaced, boolean outboxPending)
      implements ClaimResult {}

  /** Refused under {@link TakeoverPolicy#REJECT_NEW}: another live connection holds the device. */
  record Refused(Holder holder, long holderEpoch) implements ClaimResult {}

  /**
   * Refused as flapping: the device was taken over too often in the flap window.
   *
   * @param retryAfterMs how long until the window ends and a takeover is allowed again
   */
  record Flapping(Holder holder, long retryAfterMs) implements ClaimResult {}
}
