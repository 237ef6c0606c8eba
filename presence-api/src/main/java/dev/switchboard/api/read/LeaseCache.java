package dev.switchboard.api.read;

import dev.switchboard.core.store.InstanceRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Keeps a {@link LeaseSnapshot} of every instance's lease, re-read every {@link #REFRESH_MS}, so a
 * lookup costs one Redis round trip (the entries) instead of two. Instances are few (one per edge
 * pod); a snapshot older than {@link #MAX_AGE_MS} (Redis trouble) is not trusted and lookups read
 * leases from Redis again.
 */
@ApplicationScoped
public class LeaseCache {

  static final long REFRESH_MS = 250;
  static final long MAX_AGE_MS = 2_000;
  private static final int MAX_INSTANCES = 10_000;
  private static final Logger LOG = Logger.getLogger(LeaseCache.class);

  private final InstanceRegistry registry;
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile LeaseSnapshot snapshot = LeaseSnapshot.EMPTY;
  private volatile long timer = -1;

  public LeaseCache(InstanceRegistry registry) {
    this.registry = registry;
  }

  void start(@Observes StartupEvent event, Vertx vertx) {
    timer = vertx.setPeriodic(0, REFRESH_MS, id -> refresh());
  }

  // Before the Redis client goes away, so no refresh runs against a stopped container.
  void stop(@Observes ShutdownEvent event, Vertx vertx) {
    vertx.cancelTimer(timer);
  }

  private void refresh() {
    if (!refreshing.compareAndSet(false, true)) {
      return;
    }
    long started = System.nanoTime();
    registry
        .leases(MAX_INSTANCES)
        .subscribe()
        .with(
            leases -> {
              snapshot = LeaseSnapshot.of(leases, started);
              refreshing.set(false);
            },
            failure -> {
              LOG.debugf("lease snapshot not refreshed: %s", failure);
              refreshing.set(false);
            });
  }

  /** The current snapshot, or {@link LeaseSnapshot#EMPTY} when it is too old to trust. */
  public LeaseSnapshot current() {
    LeaseSnapshot current = snapshot;
    return current.isOlderThan(MAX_AGE_MS, System.nanoTime()) ? LeaseSnapshot.EMPTY : current;
  }
}
