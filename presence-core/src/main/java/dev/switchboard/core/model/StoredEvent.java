package dev.switchboard.core.model;

/** An event read back from the stream, with the stream id that resumes after it. */
public record StoredEvent(String id, PresenceEvent event) {}
