package dev.switchboard.core.model;

/**
 * One message of a device's outbox, to send as {@code message {id, seq, payload}}.
 *
 * @param payloadJson the payload as JSON text, forwarded as-is
 * @param expiresMs when its TTL ends (ms since the epoch, Redis's clock)
 */
public record OutboxEntry(StreamId seq, String id, String payloadJson, long expiresMs) {}
