package dev.switchboard.core.model;

import java.util.List;
import java.util.Optional;

/**
 * One read of a device's outbox.
 *
 * @param acked the device's acked cursor when read
 * @param entries the entries to send, in seq order (expired ones are left out)
 * @param lastScanned the last seq the read looked at, sent or skipped as expired; the next read
 *     starts after it
 * @param expired entries found expired undelivered, taken out of the outbox
 * @param redelivered entries handed to a socket before (after a reconnect, a takeover, a drain or a
 *     crash)
 * @param full whether the read scanned as many entries as it asked for: more may follow
 */
public record OutboxBatch(
    StreamId acked,
    List<OutboxEntry> entries,
    Optional<StreamId> lastScanned,
    int expired,
    int redelivered,
    boolean full) {
  public OutboxBatch {
    entries = List.copyOf(entries);
  }
}
