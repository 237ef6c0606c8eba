package dev.switchboard.core.testing;

import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.testsupport.RedisServer;
import java.util.Optional;

/**
 * Operations on Switchboard's keys that only tests need: ageing an instance's lease, and reading
 * what the stores leave behind more strictly than their APIs do (an entry key that exists at all, a
 * device still in an index). Other modules' tests use these instead of sending commands, so the key
 * schema and the commands that touch it stay in presence-core. Synchronous, over test-support's own
 * client: usable from a plain JUnit test of a packaged service as well as from a {@code
 * QuarkusTest}.
 */
public final class PresenceFixtures {

  private final RedisServer redis;
  private final PresenceKeys keys;

  public PresenceFixtures(RedisServer redis, PresenceKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /**
   * Sets the instance's last heartbeat to {@code ageMs} before Redis's clock, as if it had stopped
   * renewing its lease then. Creates the lease if there is none.
   */
  public void ageLease(String inst, long ageMs) {
    long heartbeatMs = redis.timeMillis() - ageMs;
    redis.call("ZADD", keys.instances(), Long.toString(heartbeatMs), inst);
  }

  /**
   * Sets the instance's last heartbeat to {@code heartbeatMs} (ms since the epoch) only if it still
   * has a lease: a lease already removed is not brought back.
   */
  public void backdateLeaseIfPresent(String inst, long heartbeatMs) {
    redis.call("ZADD", keys.instances(), "XX", Long.toString(heartbeatMs), inst);
  }

  /** Whether the instance has a lease at all, however old. */
  public boolean hasLease(String inst) {
    return redis.call("ZSCORE", keys.instances(), inst) != null;
  }

  /**
   * Whether the device's entry key exists, with any fields: stricter than an absent {@code
   * PresenceStore.entry}, which would not tell a half-written hash from none.
   */
  public boolean entryExists(String device) {
    return "1".equals(String.valueOf(redis.call("EXISTS", keys.device(device))));
  }

  /** Whether the instance's device index (the superset index) holds the device. */
  public boolean indexHolds(String inst, String device) {
    return "1".equals(String.valueOf(redis.call("SISMEMBER", keys.instanceDevices(inst), device)));
  }

  /** The connection id the device's entry names, if the entry has one. */
  public Optional<String> entryConn(String device) {
    return entryField(device, "conn");
  }

  /** The instance the device's entry names as its owner, if the entry has one. */
  public Optional<String> entryInst(String device) {
    return entryField(device, "inst");
  }

  /** How many messages wait in the device's outbox (not acknowledged, not found expired). */
  public long outboxLength(String device) {
    return Long.parseLong(String.valueOf(redis.call("XLEN", keys.outbox(device))));
  }

  private Optional<String> entryField(String device, String field) {
    return Optional.ofNullable(redis.call("HGET", keys.device(device), field)).map(String::valueOf);
  }
}
