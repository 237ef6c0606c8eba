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

  /**
   * The election's timing: a lease held for {@code leaseDuration}, renewed until {@code
   * renewDeadline} has passed without success, retried every {@code retryPeriod}.
   */
  public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    /** 15 s lease, 10 s renew deadline, 2 s retry: the Kubernetes controllers' proportions. */
    public static final Timing DEFAULT =
        new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
  }

  private final Optional<KubernetesClient> client;
  private final Timing timing;
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
  private volatile boolean closed;
  private volatile long electionEndedNanos;
  private final AtomicLong elections = new AtomicLong();

  public LeaderLoop(
      Optional<KubernetesClient> client,
      String namespace,
      String leaseName,
      String identity,
      Duration period,
      Runnable task) {
    this(client, namespace, leaseName, identity, period, task, Timing.DEFAULT);
  }

  public LeaderLoop(
      Optional<KubernetesClient> client,
      String namespace,
      String leaseName,
      String identity,
      Duration period,
      Runnable task,
      Timing timing) {
    this.timing = timing;
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
    elect();
  }

  /**
   * Runs one election. A Fabric8 {@link LeaderElector} runs once: after it failed to renew within
   * the renew deadline (an API blip), its future completes and it never runs for leader again. So
   * every ended election is followed by a new elector, after one retry period, until close. A new
   * elector rather than an exit: an API blip should not restart the pod (and count towards a
   * CrashLoopBackOff); the health checks tell the truth meanwhile (see {@link #electionHealthy}).
   */
  private void elect() {
    if (closed) {
      return;
    }
    elections.incrementAndGet();
    try {
      CompletableFuture<?> current = elector().start();
      election = current;
      current.whenComplete((ok, failure) -> electionEnded(failure));
    } catch (RuntimeException e) {
      electionEnded(e);
    }
  }

  private void electionEnded(Throwable failure) {
    follow();
    if (closed) {
      return;
    }
    electionEndedNanos = System.nanoTime();
    LOG.warnf(
        "%s: leader election ended (%s); running for leader again in %s",
        identity, failure == null ? "lost the lease" : failure.toString(), timing.retryPeriod());
    try {
      scheduler.schedule(this::elect, timing.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // closed meanwhile
    }
  }

  private LeaderElector elector() {
    return client
        .get()
        .leaderElector()
        .withConfig(
            new LeaderElectionConfigBuilder()
                .withName(leaseName)
                .withLock(new LeaseLock(namespace, leaseName, identity))
                .withLeaseDuration(timing.leaseDuration())
                .withRenewDeadline(timing.renewDeadline())
                .withRetryPeriod(timing.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(
                    new LeaderCallbacks(
                        this::lead,
                        this::follow,
                        leader -> LOG.infof("sweeper leader is now %s", leader)))
                .build())
        .build();
  }

  /**
   * Whether this replica takes part in the election: always without Kubernetes; with it, while an
   * election runs, or while the next one is due (within two lease durations of the last one's end).
   * False once closed.
   */
  public boolean electionHealthy() {
    if (closed) {
      return false;
    }
    if (client.isEmpty()) {
      return true;
    }
    CompletableFuture<?> current = election;
    if (current != null && !current.isDone()) {
      return true;
    }
    long since = System.nanoTime() - electionEndedNanos;
    return current == null || since < timing.leaseDuration().multipliedBy(2).toNanos();
  }

  /** How many elections this replica has started (1 + the re-elections after a lost lead). */
  public long elections() {
    return elections.get();
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
    closed = true;
    follow();
    CompletableFuture<?> current = election;
    if (current != null) {
      current.cancel(true);
    }
    scheduler.shutdownNow();
  }
}
