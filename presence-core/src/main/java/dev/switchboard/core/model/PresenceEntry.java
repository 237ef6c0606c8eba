package dev.switchboard.core.model;

import java.util.Optional;

/** A device's entry as stored in Redis. Times are ms since the Unix epoch, from Redis's clock. */
public record PresenceEntry(
    String device,
    String conn,
    long epoch,
    Owner owner,
    long sinceMs,
    long seenMs,
    String addr,
    Optional<String> meta) {}
