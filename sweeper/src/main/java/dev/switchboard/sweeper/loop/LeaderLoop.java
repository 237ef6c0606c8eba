package dev.switchboard.sweeper.loop;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Runs a task every period while this replica holds the {@code coordination.k8s.io} Lease, so that
 * of several loop replicas exactly one sweeps. Without Kubernetes there is no election: it leads.
 */
public final class LeaderLoop implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LeaderLoop.class);

  private final Optional<KubernetesClient> client;
  private final String namespace;
  private final String leaseName;
  private final String identity;
  private final Duration period;
  private final Runnable task;
  private final ScheduledExecutorService scheduler;
  private final AtomicBoolean leading = new AtomicBoolean();
  private final AtomicLong runs = new AtomicLong();
  private volatile ScheduledFuture<?> schedule;
  private volatile CompletableFuture<?> election;

  public LeaderLoop(
      Optional<KubernetesClient> client,
      String namespace,
      String leaseName,
      String identity,
      Duration period,
      Runnable task) {
    this.client = client;
    this.namespace = namespace;
    this.leaseName = leaseName;
    this.identity = identity;
    this.period = period;
    this.task = task;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "sweeper-loop-" + identity));
  }

  public void start() {
    if (client.isEmpty()) {
      lead();
      return;
    }
    LeaderElector elector =
        client
            .get()
            .leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName(leaseName)
                    .withLock(new LeaseLock(namespace, leaseName, identity))
                    .withLeaseDuration(Duration.ofSeconds(15))
                    .withRenewDeadline(Duration.ofSeconds(10))
                    .withRetryPeriod(Duration.ofSeconds(2))
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(
                        new LeaderCallbacks(
                            this::lead,
                            this::follow,
                            leader -> LOG.infof("sweeper leader is now %s", leader)))
                    .build())
            .build();
    election = elector.start();
  }

  private void lead() {
    if (leading.compareAndSet(false, true)) {
      LOG.infof("%s leads: sweeping every %s", identity, period);
      schedule =
          scheduler.scheduleWithFixedDelay(
              this::runTask, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void follow() {
    if (leading.compareAndSet(true, false)) {
      LOG.infof("%s lost the lead: not sweeping", identity);
      ScheduledFuture<?> current = schedule;
      if (current != null) {
        current.cancel(false);
      }
    }
  }

  private void runTask() {
    if (!leading.get()) {
      return;
    }
    try {
      runs.incrementAndGet();
      task.run();
    } catch (RuntimeException e) {
      LOG.errorf("sweep failed: %s", e.toString());
    }
  }

  public boolean isLeading() {
    return leading.get();
  }

  public long runs() {
    return runs.get();
  }

  @Override
  public void close() {
    follow();
    CompletableFuture<?> current = election;
    if (current != null) {
      current.cancel(true);
    }
    scheduler.shutdownNow();
  }
}
