package dev.switchboard.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * An open socket re-asserting its entry after a Redis outage or a sweep.
 *
 * @param epoch the connection's epoch (from its claim or last reclaim): only a holder with a higher
 *     epoch makes the reclaim yield
 * @param sinceMs when the socket opened (ms since the Unix epoch), kept in the recreated entry
 */
public record ReclaimRequest(
    String device,
    String conn,
    long epoch,
    Owner owner,
    String addr,
    Optional<String> meta,
    long sinceMs) {

  public ReclaimRequest {
    DeviceIds.requireValid(device);
    Objects.requireNonNull(conn, "conn");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(addr, "addr");
    Objects.requireNonNull(meta, "meta");
  }
}
