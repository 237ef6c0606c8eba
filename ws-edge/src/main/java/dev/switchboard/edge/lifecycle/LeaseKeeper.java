package dev.switchboard.edge.lifecycle;

import dev.switchboard.core.model.InstanceInfo;
import dev.switchboard.core.model.LeaseRenewal;
import dev.switchboard.core.redis.RedisFailures;
import dev.switchboard.core.store.InstanceRegistry;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.observe.EdgeMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The instance's lease: registers at start, renews every {@code lease.heartbeat} with Redis's
 * clock, tracks Redis health for readiness, and after an outage (or a lease found missing)
 * re-registers and reclaims every local socket. Sockets stay up throughout.
 */
@ApplicationScoped
public class LeaseKeeper {

  private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

  private final EdgeSettings settings;
  private final InstanceRegistry registry;
  private final Reclaimer reclaimer;
  private final EdgeState state;
  private final EdgeMetrics metrics;
  private final InboxSubscriber inbox;
  private final Vertx vertx;
  private final AtomicBoolean renewing = new AtomicBoolean();
  private volatile boolean needsRecovery = true;
  private volatile boolean released;
  private long timerId = -1;

  public LeaseKeeper(
      EdgeSettings settings,
      InstanceRegistry registry,
      Reclaimer reclaimer,
      EdgeState state,
      EdgeMetrics metrics,
      InboxSubscriber inbox,
      Vertx vertx) {
    this.settings = settings;
    this.registry = registry;
    this.reclaimer = reclaimer;
    this.state = state;
    this.metrics = metrics;
    this.inbox = inbox;
    this.vertx = vertx;
  }

  void start(@Observes StartupEvent event) {
    inbox.start();
    renew().subscribe().with(ok -> {}, f -> {});
    timerId =
        vertx.setPeriodic(
            settings.shared().lease().heartbeat().toMillis(),
            id -> renew().subscribe().with(ok -> {}, f -> {}));
  }

  void stop(@Observes ShutdownEvent event) {
    vertx.cancelTimer(timerId);
  }

  /**
   * One renewal (or first registration, or recovery); public so tests can drive it. Renewal goes on
   * while the edge drains: a drain longer than the lease TTL must not make its remaining sockets
   * read offline, nor let a sweeper judge the instance dead.
   */
  public Uni<Void> renew() {
    if (released || !renewing.compareAndSet(false, true)) {
      return Uni.createFrom().voidItem();
    }
    Uni<Void> work =
        needsRecovery
            ? recover()
            : registry
                .renew(settings.inst())
                .chain(renewal -> renewal.leaseWasMissing() ? recover() : healthy(renewal));
    return work.onFailure()
        .invoke(this::failed)
        .onFailure()
        .recoverWithNull()
        .eventually(() -> renewing.set(false))
        .replaceWithVoid();
  }

  /**
   * Stops renewing for good, before the drain removes the lease: completes once no renewal is in
   * flight, so that none can re-add the lease after the unregister.
   */
  public Uni<Void> release() {
    released = true;
    if (!renewing.get()) {
      return Uni.createFrom().voidItem();
    }
    // Multi items cannot be null, so the poll repeats a non-null item
    return Uni.createFrom()
        .item(Boolean.TRUE)
        .onItem()
        .delayIt()
        .by(java.time.Duration.ofMillis(10))
        .repeat()
        .until(ignored -> !renewing.get())
        .collect()
        .last()
        .ifNoItem()
        .after(settings.shared().redis().timeout().multipliedBy(2))
        .recoverWithItem(Boolean.FALSE)
        .replaceWithVoid();
  }

  private Uni<Void> healthy(LeaseRenewal renewal) {
    long now = System.nanoTime();
    state.redisOk(now);
    state.leaseRenewed(now);
    return Uni.createFrom().voidItem();
  }

  private Uni<Void> recover() {
    boolean firstStart = !state.isRegistered();
    return registry
        .register(new InstanceInfo(settings.owner(), settings.edge().version()))
        .chain(started -> firstStart ? Uni.createFrom().voidItem() : reclaimer.reclaimAll())
        .invoke(
            () -> {
              long now = System.nanoTime();
              state.redisOk(now);
              state.leaseRenewed(now);
              needsRecovery = false;
              LOG.infof(
                  firstStart
                      ? "registered instance %s"
                      : "instance %s re-registered after Redis recovery",
                  settings.inst());
            });
  }

  private void failed(Throwable failure) {
    metrics.redisError();
    needsRecovery = true;
    if (state.redisFailed()) {
      LOG.warnf(
          "Redis unreachable, sockets stay up; will reclaim on recovery: %s",
          RedisFailures.describe(failure));
    }
  }
}
