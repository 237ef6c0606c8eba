package dev.switchboard.edge.lifecycle;

import dev.switchboard.core.model.TouchResult;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.observe.EdgeMetrics;
import dev.switchboard.edge.socket.EdgeConnection;
import dev.switchboard.edge.socket.LocalConnections;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Touches every claimed connection once per touch interval, spread evenly over it ({@link
 * TouchSchedule}): each tick (at most a second) touches the connections whose slot is due, in
 * pipelined batches. A touch is what heals: "replaced" closes the socket with 4001 (a lost kick);
 * "missing" or "older holder" reclaims it (Redis lost it, a sweeper judged this instance dead while
 * it was alive, or an older snapshot came back). Every open socket is touched, active or not: one
 * silent past the heartbeat timeout is closed by the heartbeat, so the others are live.
 */
@ApplicationScoped
public class TouchLoop {

  static final int BATCH = 500;

  private final EdgeSettings settings;
  private final LocalConnections local;
  private final PresenceStore store;
  private final SocketCloser closer;
  private final Reclaimer reclaimer;
  private final EdgeMetrics metrics;
  private final EdgeState state;
  private final Vertx vertx;
  private final AtomicBoolean running = new AtomicBoolean();
  private final TouchSchedule schedule;
  private volatile long lastTick;
  private long timerId = -1;

  public TouchLoop(
      EdgeSettings settings,
      LocalConnections local,
      PresenceStore store,
      SocketCloser closer,
      Reclaimer reclaimer,
      EdgeMetrics metrics,
      EdgeState state,
      Vertx vertx) {
    this.settings = settings;
    this.local = local;
    this.store = store;
    this.closer = closer;
    this.reclaimer = reclaimer;
    this.metrics = metrics;
    this.state = state;
    this.vertx = vertx;
    this.schedule = TouchSchedule.of(settings.edge().presence().touchInterval());
    this.lastTick = schedule.tickAt(System.nanoTime());
  }

  void start(@Observes StartupEvent event) {
    lastTick = schedule.tickAt(System.nanoTime());
    timerId =
        vertx.setPeriodic(
            Math.max(1, schedule.tickNanos() / 1_000_000),
            id -> touchDue().subscribe().with(ok -> {}, f -> {}));
  }

  void stop(@Observes ShutdownEvent event) {
    vertx.cancelTimer(timerId);
  }

  /**
   * One round: the connections whose slots came due since the last round. At most one round runs at
   * a time; a round that finds one still running leaves its slots to the next. While Redis is down
   * the due slots are skipped: the recovery reclaims every socket anyway.
   */
  public Uni<Void> touchDue() {
    if (!running.compareAndSet(false, true)) {
      return Uni.createFrom().voidItem();
    }
    long from = lastTick;
    long now = schedule.tickAt(System.nanoTime());
    lastTick = Math.max(from, now);
    if (state.isRedisDown()) {
      running.set(false);
      return Uni.createFrom().voidItem();
    }
    List<EdgeConnection> due = new ArrayList<>();
    for (EdgeConnection c : local.all()) {
      if (c.isClaimed() && !c.isClosing() && schedule.isDue(schedule.slotOf(c.conn()), from, now)) {
        due.add(c);
      }
    }
    return touch(due);
  }

  /** Touches the round's connections in pipelined batches, then lets the next round run. */
  private Uni<Void> touch(List<EdgeConnection> due) {
    List<Uni<Void>> batches = new ArrayList<>();
    for (int from = 0; from < due.size(); from += BATCH) {
      batches.add(touchBatch(due.subList(from, Math.min(due.size(), from + BATCH))));
    }
    if (batches.isEmpty()) {
      running.set(false);
      return Uni.createFrom().voidItem();
    }
    return Uni.join()
        .all(batches)
        .andCollectFailures()
        .replaceWithVoid()
        .onFailure()
        .invoke(f -> metrics.redisError())
        .onFailure()
        .recoverWithNull()
        .eventually(() -> running.set(false));
  }

  private Uni<Void> touchBatch(List<EdgeConnection> batch) {
    return store
        .touchAll(
            batch.stream()
                .map(c -> new PresenceStore.DeviceConn(c.device(), c.conn(), c.epoch()))
                .toList())
        .invoke(
            results -> {
              long now = System.nanoTime();
              for (int i = 0; i < results.size(); i++) {
                EdgeConnection c = batch.get(i);
                if (results.get(i) == TouchResult.TOUCHED) {
                  c.recordConfirmed(now);
                } else if (results.get(i) == TouchResult.REPLACED) {
                  closer.closeReplaced(c);
                } else if (results.get(i) == TouchResult.MISSING
                    || results.get(i) == TouchResult.OLDER_HOLDER) {
                  reclaimer.reclaimOne(c).subscribe().with(ok -> {}, f -> metrics.redisError());
                }
              }
            })
        .replaceWithVoid();
  }
}
