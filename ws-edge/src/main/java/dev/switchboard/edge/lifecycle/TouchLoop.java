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
 * Keeps {@code seen} fresh: every touch interval, the connections that showed activity are touched
 * in pipelined batches. "Replaced" closes the socket with 4001 (heals a lost kick); "missing"
 * reclaims it (Redis lost it, or a sweeper judged this instance dead while it was alive).
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
  }

  void start(@Observes StartupEvent event) {
    timerId =
        vertx.setPeriodic(
            settings.edge().presence().touchInterval().toMillis(),
            id -> touchActive().subscribe().with(ok -> {}, f -> {}));
  }

  void stop(@Observes ShutdownEvent event) {
    vertx.cancelTimer(timerId);
  }

  /** One round of touches; at most one round runs at a time. */
  public Uni<Void> touchActive() {
    if (state.isRedisDown() || !running.compareAndSet(false, true)) {
      return Uni.createFrom().voidItem();
    }
    List<EdgeConnection> active = new ArrayList<>();
    for (EdgeConnection c : local.all()) {
      if (c.isClaimed() && !c.isClosing() && c.takeActiveSinceTouch()) {
        active.add(c);
      }
    }
    List<Uni<Void>> batches = new ArrayList<>();
    for (int from = 0; from < active.size(); from += BATCH) {
      batches.add(touchBatch(active.subList(from, Math.min(active.size(), from + BATCH))));
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
              for (int i = 0; i < results.size(); i++) {
                EdgeConnection c = batch.get(i);
                if (results.get(i) == TouchResult.REPLACED) {
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
