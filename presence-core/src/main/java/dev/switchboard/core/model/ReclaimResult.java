package dev.switchboard.core.model;

/** What a reclaim found. */
public sealed interface ReclaimResult {

  /** The entry was gone; it now belongs to the caller again, with a new epoch. */
  record Recreated(long epoch) implements ReclaimResult {}

  /** The caller still owned the entry. */
  record Kept(long epoch) implements ReclaimResult {}

  /** Another connection took the device over meanwhile: the caller must close its socket. */
  record TakenOver(Holder holder, long holderEpoch) implements ReclaimResult {}
}
