package dev.switchboard.core.model;

/** What a reclaim found. */
public sealed interface ReclaimResult {

  /** The entry was gone; it now belongs to the caller again, with a new epoch. */
  record Recreated(long epoch) implements ReclaimResult {}

  /** The caller still owned the entry. */
  record Kept(long epoch) implements ReclaimResult {}

  /**
   * An older connection held the entry (Redis restored from an older snapshot, or a failover lost
   * the newer claim): the caller owns it again with a new epoch; the older holder's edge learns
   * "replaced" on its next touch.
   */
  record Reasserted(long epoch, Holder older) implements ReclaimResult {}

  /** A newer connection took the device over meanwhile: the caller must close its socket. */
  record TakenOver(Holder holder, long holderEpoch) implements ReclaimResult {}
}
