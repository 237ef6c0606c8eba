package dev.switchboard.edge.lifecycle;

import dev.switchboard.core.model.PresenceEntry;
import dev.switchboard.core.store.DeviceIndex;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.observe.EdgeMetrics;
import dev.switchboard.edge.socket.EdgeConnection;
import dev.switchboard.edge.socket.LocalConnections;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Anti-entropy: compares the instance's Redis index with its open sockets. Index members with no
 * local socket are ghosts: their entries are released by conn (see {@link GhostRule}), each with an
 * {@code offline} event of reason {@code audit}. Open sockets whose entry is missing or held by
 * another conn are orphans: they are reclaimed. Only sockets neither claimed nor confirmed by a
 * touch within the last audit interval are read (with touches every minute: none).
 */
@ApplicationScoped
public class AuditLoop {

  private static final Logger LOG = Logger.getLogger(AuditLoop.class);
  private static final int PAGE = 500;

  private final EdgeSettings settings;
  private final LocalConnections local;
  private final DeviceIndex index;
  private final PresenceStore store;
  private final SocketCloser closer;
  private final Reclaimer reclaimer;
  private final PresenceEvents events;
  private final EdgeMetrics metrics;
  private final EdgeState state;
  private final Vertx vertx;
  private final AtomicBoolean running = new AtomicBoolean();
  private long timerId = -1;

  public AuditLoop(
      EdgeSettings settings,
      LocalConnections local,
      DeviceIndex index,
      PresenceStore store,
      SocketCloser closer,
      Reclaimer reclaimer,
      PresenceEvents events,
      EdgeMetrics metrics,
      EdgeState state,
      Vertx vertx) {
    this.settings = settings;
    this.local = local;
    this.index = index;
    this.store = store;
    this.closer = closer;
    this.reclaimer = reclaimer;
    this.events = events;
    this.metrics = metrics;
    this.state = state;
    this.vertx = vertx;
  }

  void start(@Observes StartupEvent event) {
    timerId =
        vertx.setPeriodic(
            settings.edge().audit().interval().toMillis(),
            id -> audit().subscribe().with(r -> {}, f -> metrics.redisError()));
  }

  void stop(@Observes ShutdownEvent event) {
    vertx.cancelTimer(timerId);
  }

  /** How late a touch round may run and still spare the audit its sockets. */
  static final Duration TOUCH_SLACK = Duration.ofSeconds(10);

  /**
   * Whether the audit reads a socket's entry: not when its claim or a touch confirmed it within the
   * window (an audit interval and {@link #TOUCH_SLACK}), since the touch compares it by conn and
   * epoch within the touch interval. Pure.
   */
  static boolean needsRead(long confirmedNanos, long nowNanos, long windowNanos) {
    return nowNanos - confirmedNanos > windowNanos;
  }

  /** What one audit repaired. */
  public record Repairs(int ghosts, int orphans) {}

  /** One audit pass; public so tests can drive it. */
  public Uni<Repairs> audit() {
    if (state.isRedisDown() || state.isDraining() || !running.compareAndSet(false, true)) {
      return Uni.createFrom().item(new Repairs(0, 0));
    }
    return removeGhosts()
        .chain(ghosts -> reclaimOrphans().map(orphans -> new Repairs(ghosts, orphans)))
        .invoke(
            repairs -> {
              metrics.ghostsRepaired(repairs.ghosts());
              if (repairs.ghosts() + repairs.orphans() > 0) {
                LOG.infof(
                    "audit repaired %d ghost entries and %d orphan sockets",
                    repairs.ghosts(), repairs.orphans());
              }
            })
        .eventually(() -> running.set(false));
  }

  private Uni<Integer> removeGhosts() {
    String inst = settings.inst();
    return Multi.createBy()
        .repeating()
        .uni(
            () -> new String[] {"0", null},
            cursor ->
                index.scan(inst, cursor[0], PAGE).invoke(page -> cursor[0] = page.nextCursor()))
        .whilst(page -> !page.isLast())
        .onItem()
        .transformToUniAndConcatenate(
            page -> {
              List<String> candidates = new ArrayList<>();
              for (String device : page.devices()) {
                if (!local.hasDevice(device)) {
                  candidates.add(device);
                }
              }
              if (candidates.isEmpty()) {
                return Uni.createFrom().item(0);
              }
              return store
                  .entries(candidates)
                  .chain(entries -> releaseGhosts(inst, candidates, entries));
            })
        .collect()
        .with(java.util.stream.Collectors.summingInt(Integer::intValue));
  }

  private Uni<Integer> releaseGhosts(
      String inst, List<String> candidates, List<Optional<PresenceEntry>> entries) {
    List<GhostRule.Ghost> ghosts =
        GhostRule.ghosts(inst, entries, conn -> local.byConn(conn).isPresent());
    List<Uni<Boolean>> releases =
        ghosts.stream()
            .map(
                ghost ->
                    store
                        .release(ghost.device(), ghost.conn())
                        .invoke(
                            released -> {
                              if (released) {
                                events.audited(ghost.device(), ghost.conn(), ghost.epoch());
                              }
                            }))
            .toList();
    Uni<List<Boolean>> released =
        releases.isEmpty()
            ? Uni.createFrom().item(List.of())
            : Uni.join().all(releases).andFailFast();
    return released.chain(
        results ->
            index
                .removeAll(inst, candidates.stream().filter(d -> !local.hasDevice(d)).toList())
                .replaceWith((int) results.stream().filter(Boolean::booleanValue).count()));
  }

  private Uni<Integer> reclaimOrphans() {
    long now = System.nanoTime();
    long window = settings.edge().audit().interval().plus(TOUCH_SLACK).toNanos();
    List<EdgeConnection> open =
        local.all().stream()
            .filter(c -> c.isClaimed() && !c.isClosing())
            .filter(c -> needsRead(c.confirmedNanos(), now, window))
            .toList();
    if (open.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    return store
        .entries(open.stream().map(EdgeConnection::device).toList())
        .chain(
            entries -> {
              List<Uni<Void>> repairs = new ArrayList<>();
              for (int i = 0; i < open.size(); i++) {
                EdgeConnection c = open.get(i);
                // missing, or held by another conn: the reclaim script decides by epoch whether
                // this socket was replaced (4001) or an older holder came back (re-assert);
                // judging by conn here would close a live socket for a restored older entry
                if (entries.get(i).isEmpty() || !entries.get(i).get().conn().equals(c.conn())) {
                  repairs.add(reclaimer.reclaimOne(c));
                }
              }
              if (repairs.isEmpty()) {
                return Uni.createFrom().item(0);
              }
              int count = repairs.size();
              return Uni.join().all(repairs).andCollectFailures().replaceWith(count);
            });
  }
}
