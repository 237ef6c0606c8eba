package dev.switchboard.core.model;

/**
 * What became of an attempt to unregister an instance. Only {@link #REMOVED} deleted anything
 * lasting; every other outcome leaves the instance findable by a later sweep.
 */
public enum Unregistration {
  /** Lease, owner record and (empty) device index are gone. */
  REMOVED,
  /** The lease moved since the verdict: the instance heartbeats again, nothing was deleted. */
  LEASE_MOVED,
  /** The lease was already gone (another sweeper, or the instance's own unregister). */
  ALREADY_GONE,
  /** The device index still has members: record, index and lease are kept for a later sweep. */
  DEVICES_LEFT,
  /** The instance registered again since its generation was read: a returning edge wins. */
  REGISTERED_AGAIN
}
