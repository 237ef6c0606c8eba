/**
 * How an event-stream client resumes: pure decisions over the stream's bounds (no I/O here), so
 * that a gap, a lost stream or a bad {@code Last-Event-ID} is always announced, never skipped.
 */
package dev.switchboard.api.events;
