package dev.switchboard.core.redis;

import java.util.Objects;

/**
 * Builds every Redis key and channel name of the schema from one prefix. Nothing else in
 * Switchboard concatenates key strings. Entity ids sit inside a {@code {…}} hash tag, so that all
 * keys of one device (or one instance) live in one cluster slot.
 */
public record PresenceKeys(String prefix) {

  /** The prefix used when none is configured. */
  public static final String DEFAULT_PREFIX = "sb:";

  public PresenceKeys {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
      throw new IllegalArgumentException("key prefix must not contain '{' or '}': " + prefix);
    }
  }

  /** {@code <prefix>dev:{<device>}}: the device's presence entry (hash). */
  public String device(String device) {
    return prefix + "dev:{" + device + "}";
  }

  /** {@code <prefix>inst:{<inst>}}: the instance's owner record (hash). */
  public String instance(String inst) {
    return prefix + "inst:{" + inst + "}";
  }

  /** {@code <prefix>inst:{<inst>}:devices}: devices the instance claimed (superset index, set). */
  public String instanceDevices(String inst) {
    return prefix + "inst:{" + inst + "}:devices";
  }

  /** {@code <prefix>instances}: instance leases, score = last heartbeat in ms (sorted set). */
  public String instances() {
    return prefix + "instances";
  }

  /** {@code <prefix>events}: the capped stream of presence changes. */
  public String events() {
    return prefix + "events";
  }

  /**
   * {@code <prefix>inbox:{<inst>}}: the sharded pub/sub channel for kicks and routed messages. The
   * hash tag gives it a slot, so on a cluster publisher and subscriber meet on the same node.
   */
  public String inbox(String inst) {
    return prefix + "inbox:{" + inst + "}";
  }

  /**
   * {@code <prefix>out:{<device>}}: the device's outbox (stream) for durable delivery; entry fields
   * {@code id}, {@code payload}, {@code expires} (ms); the entry id is the message's seq. Every key
   * of the outbox shares the device's hash tag, so its scripts (and the claim) stay in one slot.
   */
  public String outbox(String device) {
    return prefix + "out:{" + device + "}";
  }

  /** {@code <prefix>out:{<device>}:acked}: the last acknowledged seq (string). */
  public String outboxAcked(String device) {
    return outbox(device) + ":acked";
  }

  /**
   * {@code <prefix>out:{<device>}:meta}: {@code sent} (the highest seq handed to a socket), {@code
   * bytes} (payload bytes in the stream) and {@code until} (when the outbox's keys expire), a hash.
   */
  public String outboxMeta(String device) {
    return outbox(device) + ":meta";
  }

  /** {@code <prefix>out:{<device>}:ids}: message id → seq (idempotency and state), a hash. */
  public String outboxIds(String device) {
    return outbox(device) + ":ids";
  }

  /** {@code <prefix>out:{<device>}:expiry}: ids of the messages in the stream by expiry (zset). */
  public String outboxExpiry(String device) {
    return outbox(device) + ":expiry";
  }

  /** {@code <prefix>out:{<device>}:forget}: every id by when it is forgotten (zset). */
  public String outboxForget(String device) {
    return outbox(device) + ":forget";
  }

  /** {@code <prefix>sweeper:last-run}: the sweeper's last run report (string, JSON). */
  public String sweeperReport() {
    return prefix + "sweeper:last-run";
  }

  /**
   * {@code <prefix>sweeper:last-ok}: the sweeper's last successful run report (string, JSON), so
   * that "time since the last good sweep" survives a run that aborted after it.
   */
  public String sweeperLastOk() {
    return prefix + "sweeper:last-ok";
  }
}
