package dev.switchboard.edge.observe;

import java.util.Locale;

/**
 * How one connect ended up, as {@code switchboard_edge_connects_total{result}} tags it: accepted,
 * or why it was refused (before the upgrade, or just after it with a close code).
 */
public enum ConnectResult {
  ACCEPTED,
  /** No or an invalid token: 401 before the upgrade. */
  UNAUTHORIZED,
  /** A valid token whose subject is not a device id: 403. */
  FORBIDDEN,
  /** A malformed handshake: 400. */
  BAD_REQUEST,
  /** The client address holds its cap of sockets: 429. */
  PER_IP_LIMIT,
  /** Past the admission rate: accepted, then closed 1013. */
  ADMISSION_LIMIT,
  /** Too many claims wait for Redis: accepted, then closed 1013. */
  OVERLOADED,
  /** The edge is draining: 503. */
  DRAINING,
  /** Redis unreachable past the grace, or not registered yet: 503. */
  NOT_READY,
  /** The edge holds max-connections sockets: 503. */
  INSTANCE_FULL,
  /** The claim failed in Redis: accepted, then closed 1013. */
  REDIS_UNAVAILABLE,
  /** reject-new: the device is online elsewhere, closed 4409. */
  ALREADY_ONLINE,
  /** Too many takeovers in the window, closed 4429. */
  FLAPPING;

  /** The metric tag and log word: lower case with underscores. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
