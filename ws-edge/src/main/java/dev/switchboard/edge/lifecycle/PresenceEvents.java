package dev.switchboard.edge.lifecycle;

import dev.switchboard.core.model.EventType;
import dev.switchboard.core.model.PresenceEvent;
import dev.switchboard.core.store.EventLog;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.observe.EdgeMetrics;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Appends this instance's presence changes to the event stream. Fire and forget: the entry in Redis
 * is the truth, the stream only tells consumers about it; a failed append is counted.
 */
@ApplicationScoped
public class PresenceEvents {

  private final EdgeSettings settings;
  private final EventLog events;
  private final EdgeMetrics metrics;

  public PresenceEvents(EdgeSettings settings, EventLog events, EdgeMetrics metrics) {
    this.settings = settings;
    this.events = events;
    this.metrics = metrics;
  }

  public void emit(EventType type, String device, String conn, long epoch) {
    append(new PresenceEvent(type, device, conn, settings.inst(), settings.owner().pod(), epoch));
  }

  /** A reclaim re-created or re-asserted a live socket's entry: {@code online}, reason repaired. */
  public void repaired(String device, String conn, long epoch) {
    append(
        new PresenceEvent(
            EventType.ONLINE,
            device,
            conn,
            settings.inst(),
            settings.owner().pod(),
            epoch,
            PresenceEvent.REPAIRED));
  }

  /** The audit removed a ghost entry of this instance: {@code offline}, reason audit. */
  public void audited(String device, String conn, long epoch) {
    append(
        new PresenceEvent(
            EventType.OFFLINE,
            device,
            conn,
            settings.inst(),
            settings.owner().pod(),
            epoch,
            PresenceEvent.AUDIT));
  }

  private void append(PresenceEvent event) {
    events.append(event).subscribe().with(id -> {}, failure -> metrics.redisError());
  }
}
