package dev.switchboard.core.model;

import java.util.Optional;

/**
 * What a sweep of one device did.
 *
 * @param removed the connection and epoch of the entry deleted, or empty when the entry was absent
 *     or owned by another instance (and therefore kept)
 */
public record SweepResult(String device, Optional<Removed> removed) {

  /** The entry a sweep deleted. */
  public record Removed(String conn, long epoch) {}

  public boolean swept() {
    return removed.isPresent();
  }
}
