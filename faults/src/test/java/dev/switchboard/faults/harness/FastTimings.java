package dev.switchboard.faults.harness;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The short clocks the suite runs every service with, so that a fault and its repair take seconds.
 * The bound the suite asserts ({@link #EXACT_BOUND}) is stated here, beside the clocks it depends
 * on.
 */
public final class FastTimings {

  /** Lease TTL every service reads; the edges renew every {@link #LEASE_HEARTBEAT}. */
  public static final Duration LEASE_TTL = Duration.ofSeconds(3);

  public static final Duration LEASE_HEARTBEAT = Duration.ofMillis(500);

  /** The edges' heartbeat timeout (pings every second). */
  public static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);

  /** The edges' anti-entropy audit period. */
  public static final Duration AUDIT_INTERVAL = Duration.ofSeconds(3);

  /** The sweeper's loop period and grace past the lease TTL. */
  public static final Duration SWEEPER_INTERVAL = Duration.ofSeconds(1);

  public static final Duration SWEEPER_GRACE = Duration.ofSeconds(1);

  /**
   * How long after a fault heals ground truth, the batch lookup and the event stream must agree.
   * The target; with these clocks the repair paths (a touch every 500 ms, a lease renewal
   * every 500 ms, an audit every 3 s, a client back-off capped at 2 s) fit well inside it.
   */
  public static final Duration EXACT_BOUND = Duration.ofSeconds(10);

  private FastTimings() {}

  /** Keys every service reads. */
  static Map<String, String> shared() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("switchboard.lease.ttl", millis(LEASE_TTL));
    props.put("switchboard.lease.heartbeat", millis(LEASE_HEARTBEAT));
    return props;
  }

  static Map<String, String> edge() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("switchboard.edge.heartbeat.interval", "1s");
    props.put("switchboard.edge.heartbeat.timeout", millis(HEARTBEAT_TIMEOUT));
    props.put("switchboard.edge.heartbeat.tick", "200ms");
    props.put("switchboard.edge.presence.touch-interval", "500ms");
    props.put("switchboard.edge.audit.interval", millis(AUDIT_INTERVAL));
    props.put("switchboard.edge.redis.grace", "1s");
    props.put("switchboard.edge.drain.window", "1s");
    props.put("switchboard.edge.reconnect.base", "250ms");
    props.put("switchboard.edge.reconnect.max", "2s");
    // The fleet shares one loopback address and connects in bursts; the takeovers are deliberate.
    props.put("switchboard.edge.limits.per-ip-connections", "100000");
    props.put("switchboard.edge.limits.admission-rate", "100000");
    props.put("switchboard.edge.limits.admission-burst", "100000");
    props.put("switchboard.edge.takeover.max", "100000");
    return props;
  }

  static Map<String, String> sweeper() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("switchboard.sweeper.mode", "loop");
    props.put("switchboard.sweeper.kubernetes.enabled", "false");
    props.put("switchboard.sweeper.interval", millis(SWEEPER_INTERVAL));
    props.put("switchboard.sweeper.grace", millis(SWEEPER_GRACE));
    return props;
  }

  public static String millis(Duration d) {
    return d.toMillis() + "ms";
  }
}
