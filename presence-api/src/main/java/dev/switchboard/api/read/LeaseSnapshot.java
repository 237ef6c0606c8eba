package dev.switchboard.api.read;

import dev.switchboard.core.model.InstanceLease;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every instance's last heartbeat as read at one moment, aged by the local monotonic clock since:
 * lease freshness without a Redis round trip per lookup. Pure.
 */
public record LeaseSnapshot(Map<String, Long> heartbeats, long redisNowMs, long takenAtNanos) {

  public static final LeaseSnapshot EMPTY = new LeaseSnapshot(Map.of(), 0, Long.MIN_VALUE);

  public static LeaseSnapshot of(List<InstanceLease> leases, long takenAtNanos) {
    Map<String, Long> heartbeats = new HashMap<>();
    long now = 0;
    for (InstanceLease lease : leases) {
      heartbeats.put(lease.inst(), lease.heartbeatMs());
      now = Math.max(now, lease.nowMs());
    }
    return new LeaseSnapshot(Map.copyOf(heartbeats), now, takenAtNanos);
  }

  public boolean isOlderThan(long maxAgeMs, long nowNanos) {
    return takenAtNanos == Long.MIN_VALUE || (nowNanos - takenAtNanos) / 1_000_000 > maxAgeMs;
  }

  /**
   * The leases this snapshot can vouch for as fresh, with Redis's clock advanced by the time since
   * the snapshot, so an instance that stops renewing still expires on time. Absent, for the caller
   * to read from Redis: instances registered since, and leases that look expired here. Heartbeats
   * only move forward, so a snapshot that lags can only err toward "expired"; confirming those in
   * Redis keeps a slow refresh from ever reporting a live edge's devices as stale.
   */
  public Map<String, InstanceLease> freshLeasesOf(
      Collection<String> insts, long ttlMs, long nowNanos) {
    long elapsedMs = Math.max(0, (nowNanos - takenAtNanos) / 1_000_000);
    Map<String, InstanceLease> out = new HashMap<>();
    for (String inst : insts) {
      Long heartbeat = heartbeats.get(inst);
      if (heartbeat != null) {
        InstanceLease lease = new InstanceLease(inst, heartbeat, redisNowMs + elapsedMs);
        if (lease.isFresh(ttlMs)) {
          out.put(inst, lease);
        }
      }
    }
    return out;
  }
}
