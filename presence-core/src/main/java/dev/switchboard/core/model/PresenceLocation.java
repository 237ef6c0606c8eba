package dev.switchboard.core.model;

/**
 * Where and since when a device is connected: the part of its entry that a presence lookup answers
 * with (no peer address, no client metadata). Times are ms since the Unix epoch, from Redis's
 * clock.
 */
public record PresenceLocation(
    String device, String conn, long epoch, Owner owner, long sinceMs, long seenMs) {}
