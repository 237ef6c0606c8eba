package dev.switchboard.core.model;

/** What a touch found. */
public enum TouchResult {
  /** The caller still owns the entry; {@code seen} was updated. */
  TOUCHED,
  /** A newer connection (higher epoch) owns the entry: the caller was replaced (4001). */
  REPLACED,
  /** There is no entry (Redis lost it, or a sweeper removed it): the caller may reclaim. */
  MISSING,

  /**
   * An older connection (lower epoch) holds the entry: Redis lost the caller's newer write (a
   * restore or a lossy failover). The caller re-asserts its entry by reclaiming.
   */
  OLDER_HOLDER
}
