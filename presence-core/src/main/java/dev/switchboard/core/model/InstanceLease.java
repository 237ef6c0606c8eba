package dev.switchboard.core.model;

/**
 * An instance's last heartbeat, read together with Redis's clock so that its age never depends on
 * the reader's clock.
 */
public record InstanceLease(String inst, long heartbeatMs, long nowMs) {

  /** How long ago the instance last renewed its lease. */
  public long ageMs() {
    return Math.max(0, nowMs - heartbeatMs);
  }

  /** Whether the lease is still valid for the given time-to-live. */
  public boolean isFresh(long ttlMs) {
    return ageMs() <= ttlMs;
  }
}
