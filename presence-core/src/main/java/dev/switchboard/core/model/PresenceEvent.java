package dev.switchboard.core.model;

import java.util.Objects;

/** A presence change, as appended to the event stream. */
public record PresenceEvent(
    EventType type, String device, String conn, String inst, String pod, long epoch) {
  public PresenceEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(conn, "conn");
    Objects.requireNonNull(inst, "inst");
    Objects.requireNonNull(pod, "pod");
  }
}
