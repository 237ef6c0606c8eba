package dev.switchboard.edge.lifecycle;

import dev.switchboard.core.model.EventType;
import dev.switchboard.core.model.PresenceEvent;
import dev.switchboard.core.store.EventLog;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.observe.EdgeMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Appends this instance's presence changes to the event stream. Fire and forget: the entry in Redis
 * is the truth, the stream only tells consumers about it; a failed append is counted (once per
 * event lost).
 *
 * <p>Events are gathered and appended together at the end of the event-loop turn that produced
 * them, as one pipeline: a burst of connects (a Redis reply carries many settled claims) costs one
 * write instead of one per event. Events keep their order; consumers order one device's events by
 * epoch anyway.
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
    pending.add(event);
    if (flushScheduled.compareAndSet(false, true)) {
      Context context = Vertx.currentContext();
      if (context == null) {
        flush();
      } else {
        context.runOnContext(v -> flush());
      }
    }
  }

  private void flush() {
    flushScheduled.set(false); // before draining: an event added from now on schedules a flush
    List<PresenceEvent> batch = new ArrayList<>();
    for (PresenceEvent event = pending.poll(); event != null; event = pending.poll()) {
      batch.add(event);
      if (batch.size() == MAX_BATCH) {
        send(batch);
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) {
      send(batch);
    }
  }

  private void send(List<PresenceEvent> batch) {
    events
        .appendAll(batch)
        .subscribe()
        .with(ids -> {}, failure -> batch.forEach(lost -> metrics.redisError()));
  }

  /** At most this many events in one pipeline (a reclaim of every socket emits one each). */
  private static final int MAX_BATCH = 500;

  private final ConcurrentLinkedQueue<PresenceEvent> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
}
