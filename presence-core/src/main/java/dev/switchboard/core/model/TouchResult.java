package dev.switchboard.core.model;

/** What a touch found. */
public enum TouchResult {
  /** The caller still owns the entry; {@code seen} was updated. */
  TOUCHED,
  /** Another connection owns the entry: the caller was replaced and must close with 4001. */
  REPLACED,
  /** There is no entry (Redis lost it, or a sweeper removed it): the caller may reclaim. */
  MISSING
}
