package dev.switchboard.core.model;

import java.util.Objects;

/**
 * A presence change, as appended to the event stream.
 *
 * @param reason why a change that is not a plain connect or disconnect happened ({@code repaired}:
 *     a reclaim re-created or re-asserted the entry; {@code audit}: the audit removed a ghost), or
 *     empty
 */
public record PresenceEvent(
    EventType type,
    String device,
    String conn,
    String inst,
    String pod,
    long epoch,
    String reason) {

  /** A repair: a reclaim re-created the entry, or re-asserted it over an older restored one. */
  public static final String REPAIRED = "repaired";

  /** The edge's audit removed an entry no socket of the edge held any more. */
  public static final String AUDIT = "audit";

  /** An event with no particular reason (a connect, a disconnect, a takeover, a sweep). */
  public PresenceEvent(
      EventType type, String device, String conn, String inst, String pod, long epoch) {
    this(type, device, conn, inst, pod, epoch, "");
  }

  public PresenceEvent {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(conn, "conn");
    Objects.requireNonNull(inst, "inst");
    Objects.requireNonNull(pod, "pod");
  }
}
