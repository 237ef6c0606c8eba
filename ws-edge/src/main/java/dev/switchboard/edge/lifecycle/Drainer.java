package dev.switchboard.edge.lifecycle;

import dev.switchboard.core.redis.RedisFailures;
import dev.switchboard.core.store.InstanceRegistry;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.observe.EdgeMetrics;
import dev.switchboard.edge.protocol.ServerFrames;
import dev.switchboard.edge.socket.EdgeConnection;
import dev.switchboard.edge.socket.LocalConnections;
import dev.switchboard.edge.socket.SocketEnd;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Graceful shutdown while Redis still works: readiness DOWN and new upgrades refused at once; each
 * socket gets {@code reconnect {afterMs}} and a 1001 close at a time spread uniformly over the
 * drain window, its entry released; finally the instance's lease, record and index are removed.
 */
@ApplicationScoped
public class Drainer {

  private static final Logger LOG = Logger.getLogger(Drainer.class);

  private final EdgeSettings settings;
  private final LocalConnections local;
  private final SocketCloser closer;
  private final Outbound outbound;
  private final InstanceRegistry registry;
  private final EdgeState state;
  private final EdgeMetrics metrics;
  private final LeaseKeeper leaseKeeper;

  private final CompletableFuture<Void> drained = new CompletableFuture<>();

  public Drainer(
      EdgeSettings settings,
      LocalConnections local,
      SocketCloser closer,
      Outbound outbound,
      InstanceRegistry registry,
      EdgeState state,
      EdgeMetrics metrics,
      LeaseKeeper leaseKeeper) {
    this.settings = settings;
    this.local = local;
    this.closer = closer;
    this.outbound = outbound;
    this.registry = registry;
    this.state = state;
    this.metrics = metrics;
    this.leaseKeeper = leaseKeeper;
  }

  void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
    drain(settings.edge().drain().window()).subscribe().with(ok -> {}, f -> {});
  }

  void onShutdown(@Observes ShutdownEvent event) {
    // Without the shutdown delay, drain now. With it, the drain may still be finishing its last
    // releases and the unregister when the delay ends (its last closes are due at the window's
    // end): wait for it here, while Redis still works, or entries and the lease are left behind.
    // the releases still due, the lease release and the unregister: each bounded by the timeout
    Duration bound = settings.shared().redis().timeout().multipliedBy(3);
    try {
      drain(Duration.ZERO).await().atMost(settings.edge().drain().window().plus(bound));
    } catch (RuntimeException e) {
      LOG.warnf("drain did not finish before shutdown: %s", e);
    }
  }

  /**
   * Drains every socket over the window, then unregisters the instance. Runs once; every call
   * completes when that one drain has finished.
   */
  public Uni<Void> drain(Duration window) {
    if (state.startDraining()) {
      // deferred: a synchronous throw while planning still completes the drain (as failed)
      Uni.createFrom()
          .deferred(() -> drainOnce(window))
          .subscribe()
          .with(ok -> drained.complete(null), f -> drained.complete(null));
    }
    // a copy per caller: one caller giving up (a timeout cancels its stage) must not cancel the
    // future every other caller, the shutdown hook among them, is waiting on
    return Uni.createFrom().completionStage(drained::copy);
  }

  private Uni<Void> drainOnce(Duration window) {
    long started = System.nanoTime();
    List<EdgeConnection> open = new ArrayList<>(local.all());
    LOG.infof("draining %d connections over %s", open.size(), window);
    Random random = ThreadLocalRandom.current();
    List<Long> delays = DrainPlan.delays(open.size(), window.toMillis(), random);
    List<Uni<Void>> closes = new ArrayList<>(open.size());
    long hintCap = Math.max(1, settings.reconnect().baseMs());
    for (int i = 0; i < open.size(); i++) {
      EdgeConnection c = open.get(i);
      long delayMs = delays.get(i);
      // Mutiny refuses a zero delay, and the plan gives some sockets none (and all of them when
      // the window is zero): a drain of thousands of sockets failed here, found by the bench.
      Uni<Void> due =
          delayMs > 0
              ? Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(delayMs))
              : Uni.createFrom().voidItem();
      closes.add(
          due.chain(
              () -> {
                if (!c.isClosing()) {
                  outbound.send(c, ServerFrames.reconnect(random.nextLong(hintCap)));
                }
                return closer.forceClose(c, SocketEnd.DRAINED);
              }));
    }
    Uni<Void> all =
        closes.isEmpty()
            ? Uni.createFrom().voidItem()
            : Uni.join().all(closes).andCollectFailures().replaceWithVoid();
    return all.onFailure()
        .recoverWithNull()
        .chain(leaseKeeper::release)
        .chain(() -> registry.unregister(settings.inst()))
        .map(unregistered -> "instance unregistered")
        .onFailure()
        .recoverWithItem(
            f -> {
              LOG.warnf("could not unregister instance: %s", RedisFailures.describe(f));
              return "instance left for the sweeper";
            })
        .invoke(
            outcome -> {
              Duration took = Duration.ofNanos(System.nanoTime() - started);
              metrics.drainDuration(took);
              LOG.infof(
                  "drained %d connections in %d ms; %s", open.size(), took.toMillis(), outcome);
            })
        .replaceWithVoid();
  }
}
