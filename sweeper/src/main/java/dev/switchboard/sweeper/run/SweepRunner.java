package dev.switchboard.sweeper.run;

import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.model.EventType;
import dev.switchboard.core.model.InstanceLease;
import dev.switchboard.core.model.InstanceRecord;
import dev.switchboard.core.model.PresenceEvent;
import dev.switchboard.core.model.SweepResult;
import dev.switchboard.core.model.Unregistration;
import dev.switchboard.core.store.DeviceIndex;
import dev.switchboard.core.store.EventLog;
import dev.switchboard.core.store.InstanceRegistry;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.core.store.SweeperReports;
import dev.switchboard.sweeper.config.SweeperConfig;
import dev.switchboard.sweeper.kube.EdgePods;
import dev.switchboard.sweeper.run.SweepReport.Run;
import dev.switchboard.sweeper.run.SweepReport.Tally;
import dev.switchboard.sweeper.verdict.PodView;
import dev.switchboard.sweeper.verdict.SweepJudge;
import dev.switchboard.sweeper.verdict.SweepJudge.Judgement;
import dev.switchboard.sweeper.verdict.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One sweep: read the leases, owner records and pods, let {@link SweepJudge} decide, then remove,
 * by compare-and-delete, only the entries still owned by the instances judged dead. Any Kubernetes
 * failure aborts the run before anything is deleted.
 */
@ApplicationScoped
public class SweepRunner {

  private static final Logger LOG = Logger.getLogger(SweepRunner.class);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int MAX_INSTANCES = 10_000;

  private final SweeperConfig config;
  private final InstanceRegistry registry;
  private final DeviceIndex index;
  private final PresenceStore store;
  private final EventLog events;
  private final EdgePods pods;
  private final SweeperReports reports;
  private final SweepJudge judge;

  public SweepRunner(
      SweeperConfig config,
      SwitchboardConfig shared,
      InstanceRegistry registry,
      DeviceIndex index,
      PresenceStore store,
      EventLog events,
      EdgePods pods,
      SweeperReports reports) {
    this.config = config;
    this.registry = registry;
    this.index = index;
    this.store = store;
    this.events = events;
    this.pods = pods;
    this.reports = reports;
    this.judge =
        new SweepJudge(
            shared.lease().ttl(),
            config.grace(),
            config.suspectTimeout(),
            config.kubernetes().enabled());
  }

  /** Runs one sweep; never throws: an aborted run is a report with an error. */
  public SweepReport runOnce(boolean dryRun) {
    return report(dryRun, () -> plan());
  }

  /**
   * Sweeps a plan made earlier. The seam where an edge can come back between the verdict and the
   * sweep, which is what the fencing guards against.
   */
  SweepReport runPlanned(Plan plan, boolean dryRun) {
    return report(dryRun, () -> plan);
  }

  private SweepReport report(boolean dryRun, java.util.function.Supplier<Plan> planner) {
    long started = System.currentTimeMillis();
    long t0 = System.nanoTime();
    try {
      SweepReport report = execute(planner.get(), dryRun, started, t0);
      store(report);
      return report;
    } catch (RuntimeException e) {
      SweepReport report =
          SweepReport.aborted(new Run(started, elapsedMs(t0), dryRun), AbortCauses.of(e));
      LOG.errorf("sweep aborted, nothing deleted: %s", report.error().orElse(""));
      try {
        store(report);
      } catch (RuntimeException ignored) {
        // Redis may be the reason for the failure; the report still reaches stdout.
      }
      return report;
    }
  }

  /**
   * What one run read and decided, before anything is deleted.
   *
   * @param leases every lease as read; the verdicts are made on their heartbeats
   * @param judgement empty when no lease was expired
   */
  record Plan(List<InstanceLease> leases, int expired, Optional<Judgement> judgement) {

    /** The heartbeat the verdict on {@code inst} was made on. */
    long heartbeatOf(String inst) {
      return leases.stream()
          .filter(l -> l.inst().equals(inst))
          .mapToLong(InstanceLease::heartbeatMs)
          .findFirst()
          .orElseThrow();
    }
  }

  /** Reads leases, owner records and pods, and judges. Deletes nothing. */
  Plan plan() {
    List<InstanceLease> leases = registry.leases(MAX_INSTANCES).await().atMost(WAIT);
    int expired = judge.expired(leases).size();
    if (expired == 0) {
      return new Plan(leases, 0, Optional.empty());
    }
    List<String> insts = leases.stream().map(InstanceLease::inst).toList();
    Map<String, InstanceRecord> records = registry.records(insts).await().atMost(WAIT);
    Map<String, PodView> podsByName = config.kubernetes().enabled() ? pods.byName() : Map.of();
    if (config.kubernetes().enabled()) {
      judge
          .podsMissing(leases, records, podsByName)
          .ifPresent(
              detail -> {
                throw new PodSelectorMismatchException(detail);
              });
    }
    return new Plan(leases, expired, Optional.of(judge.judge(leases, records, podsByName)));
  }

  private SweepReport execute(Plan plan, boolean dryRun, long started, long t0) {
    if (plan.judgement().isEmpty()) {
      return SweepReport.nothingExpired(
          new Run(started, elapsedMs(t0), dryRun), plan.leases().size());
    }
    Judgement judgement = plan.judgement().get();
    Tally tally = execute(plan, judgement, dryRun);
    return SweepReport.completed(
        new Run(started, elapsedMs(t0), dryRun),
        plan.leases().size(),
        plan.expired(),
        judgement.verdicts(),
        tally);
  }

  /** Sweeps the instances judged dead, within the run's entry budget. */
  private Tally execute(Plan plan, Judgement judgement, boolean dryRun) {
    long swept = 0;
    long kept = 0;
    long budget = config.maxEntriesPerRun();
    List<String> removed = new ArrayList<>();
    for (Verdict verdict : judgement.verdicts()) {
      LOG.infof("instance %s: %s (%s)", verdict.inst(), verdict.kind(), verdict.reason());
      if (!verdict.kind().sweeps() || dryRun || budget <= 0) {
        continue;
      }
      String inst = verdict.inst();
      long heartbeat = plan.heartbeatOf(inst);
      InstanceSweep result = sweepInstance(inst, judgement.podOf(inst), heartbeat, budget);
      swept += result.swept();
      kept += result.kept();
      budget -= result.visited();
      if (result.complete() && unregister(inst, heartbeat)) {
        removed.add(inst);
      }
    }
    return new Tally(swept, kept, removed);
  }

  /**
   * Unregisters only if the lease has not moved since the verdict and the instance did not register
   * again (see {@link InstanceRegistry#unregisterIfUnchanged}).
   */
  private boolean unregister(String inst, long heartbeat) {
    String generation = registry.generation(inst).await().atMost(WAIT);
    Unregistration outcome =
        registry.unregisterIfUnchanged(inst, heartbeat, generation).await().atMost(WAIT);
    if (outcome != Unregistration.REMOVED) {
      LOG.infof("instance %s kept: %s", inst, outcome);
    }
    return outcome == Unregistration.REMOVED;
  }

  /**
   * @param returned the instance heartbeat again during the sweep: it stopped, and it stays
   */
  record InstanceSweep(long swept, long kept, long visited, boolean complete, boolean returned) {}

  /**
   * Compare-and-delete every indexed device of the instance, in batches, within the budget. Before
   * each batch the lease is read again: once its heartbeat differs from the verdict's, the instance
   * is alive and the sweep stops.
   */
  InstanceSweep sweepInstance(String inst, String pod, long judgedHeartbeatMs, long budget) {
    long swept = 0;
    long kept = 0;
    long visited = 0;
    String cursor = "0";
    do {
      if (heartbeatMoved(inst, judgedHeartbeatMs)) {
        LOG.infof("instance %s heartbeats again: sweep stopped", inst);
        return new InstanceSweep(swept, kept, visited, false, true);
      }
      DeviceIndex.Page page = index.scan(inst, cursor, config.batchSize()).await().atMost(WAIT);
      cursor = page.nextCursor();
      if (page.devices().isEmpty()) {
        continue;
      }
      List<SweepResult> results = store.sweepAll(page.devices(), inst).await().atMost(WAIT);
      List<PresenceEvent> sweptEvents = new ArrayList<>();
      for (SweepResult r : results) {
        if (r.removed().isPresent()) {
          SweepResult.Removed gone = r.removed().get();
          sweptEvents.add(
              new PresenceEvent(EventType.SWEPT, r.device(), gone.conn(), inst, pod, gone.epoch()));
        }
      }
      if (!sweptEvents.isEmpty()) {
        events.appendAll(sweptEvents).await().atMost(WAIT);
      }
      index.removeAll(inst, page.devices()).await().atMost(WAIT);
      swept += sweptEvents.size();
      kept += results.size() - sweptEvents.size();
      visited += results.size();
    } while (!"0".equals(cursor) && visited < budget);
    return new InstanceSweep(swept, kept, visited, "0".equals(cursor), false);
  }

  /** A lease that is gone has not moved: another sweeper removed it, the sweep goes on. */
  private boolean heartbeatMoved(String inst, long judgedHeartbeatMs) {
    InstanceLease now = registry.leasesOf(List.of(inst)).await().atMost(WAIT).get(inst);
    return now != null && now.heartbeatMs() != judgedHeartbeatMs;
  }

  private void store(SweepReport report) {
    reports.store(report.toJson().encode(), report.ok()).await().atMost(WAIT);
  }

  private static long elapsedMs(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0).toMillis();
  }
}
