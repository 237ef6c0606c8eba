package dev.switchboard.sweeper.run;

import dev.switchboard.core.config.ConfigProblems;
import dev.switchboard.core.config.InvalidConfigException;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.model.EventType;
import dev.switchboard.core.model.InstanceLease;
import dev.switchboard.core.model.InstanceRecord;
import dev.switchboard.core.model.PresenceEvent;
import dev.switchboard.core.model.SweepResult;
import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.redis.ScriptRunner;
import dev.switchboard.core.store.DeviceIndex;
import dev.switchboard.core.store.EventLog;
import dev.switchboard.core.store.InstanceRegistry;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.sweeper.config.SweeperConfig;
import dev.switchboard.sweeper.config.SweeperConfigProblems;
import dev.switchboard.sweeper.kube.EdgePods;
import dev.switchboard.sweeper.verdict.ExpiredInstance;
import dev.switchboard.sweeper.verdict.PodView;
import dev.switchboard.sweeper.verdict.Verdict;
import dev.switchboard.sweeper.verdict.VerdictRules;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One sweep: judge every instance whose lease expired (plus the grace), then remove, by
 * compare-and-delete, only the entries still owned by the instances judged dead. Any Kubernetes
 * failure aborts the run before anything is deleted.
 */
@ApplicationScoped
public class SweepRunner {

  private static final Logger LOG = Logger.getLogger(SweepRunner.class);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int MAX_INSTANCES = 10_000;

  private final SweeperConfig config;
  private final SwitchboardConfig shared;
  private final InstanceRegistry registry;
  private final DeviceIndex index;
  private final PresenceStore store;
  private final EventLog events;
  private final EdgePods pods;
  private final ScriptRunner redis;
  private final PresenceKeys keys;

  public SweepRunner(
      SweeperConfig config,
      SwitchboardConfig shared,
      InstanceRegistry registry,
      DeviceIndex index,
      PresenceStore store,
      EventLog events,
      EdgePods pods,
      ScriptRunner redis,
      PresenceKeys keys) {
    List<String> problems = new ArrayList<>(ConfigProblems.of(shared));
    problems.addAll(SweeperConfigProblems.of(config));
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    this.config = config;
    this.shared = shared;
    this.registry = registry;
    this.index = index;
    this.store = store;
    this.events = events;
    this.pods = pods;
    this.redis = redis;
    this.keys = keys;
  }

  /** Runs one sweep; never throws: an aborted run is a report with an error. */
  public SweepReport runOnce(boolean dryRun) {
    long started = System.currentTimeMillis();
    long t0 = System.nanoTime();
    try {
      SweepReport report = sweep(dryRun, started, t0);
      store(report);
      return report;
    } catch (RuntimeException e) {
      String why = describe(e);
      LOG.errorf("sweep aborted, nothing deleted: %s", why);
      SweepReport report =
          new SweepReport(started, elapsedMs(t0), dryRun, 0, 0, List.of(), 0, 0, List.of(), why);
      try {
        store(report);
      } catch (RuntimeException ignored) {
        // Redis may be the reason for the failure; the report still reaches stdout.
      }
      return report;
    }
  }

  private SweepReport sweep(boolean dryRun, long started, long t0) {
    long expiredAfterMs = shared.lease().ttl().plus(config.grace()).toMillis();
    List<InstanceLease> leases = registry.leases(MAX_INSTANCES).await().atMost(WAIT);
    List<InstanceLease> expired = leases.stream().filter(l -> l.ageMs() > expiredAfterMs).toList();
    if (expired.isEmpty()) {
      return new SweepReport(
          started, elapsedMs(t0), dryRun, leases.size(), 0, List.of(), 0, 0, List.of(), null);
    }
    List<String> insts = leases.stream().map(InstanceLease::inst).toList();
    Map<String, InstanceRecord> records = registry.records(insts).await().atMost(WAIT);
    Map<String, Set<String>> liveByPodUid = new HashMap<>();
    for (InstanceLease lease : leases) {
      InstanceRecord record = records.get(lease.inst());
      if (record != null && lease.isFresh(shared.lease().ttl().toMillis())) {
        liveByPodUid
            .computeIfAbsent(record.info().owner().podUid(), k -> new HashSet<>())
            .add(lease.inst());
      }
    }
    List<ExpiredInstance> candidates = new ArrayList<>();
    for (InstanceLease lease : expired) {
      Optional<InstanceRecord> record = Optional.ofNullable(records.get(lease.inst()));
      candidates.add(
          new ExpiredInstance(
              lease.inst(),
              lease.ageMs(),
              record.map(r -> r.info().owner().pod()),
              record.map(r -> r.info().owner().podUid())));
    }
    boolean kubernetes = config.kubernetes().enabled();
    Map<String, PodView> podsByName = kubernetes ? pods.byName() : Map.of();
    VerdictRules rules = new VerdictRules(config.suspectTimeout().toMillis(), kubernetes);
    List<Verdict> verdicts = rules.judge(candidates, podsByName, liveByPodUid);

    long swept = 0;
    long kept = 0;
    long budget = config.maxEntriesPerRun();
    List<String> removed = new ArrayList<>();
    for (Verdict verdict : verdicts) {
      LOG.infof("instance %s: %s (%s)", verdict.inst(), verdict.kind(), verdict.reason());
      if (!verdict.kind().sweeps() || dryRun || budget <= 0) {
        continue;
      }
      String pod =
          Optional.ofNullable(records.get(verdict.inst()))
              .map(r -> r.info().owner().pod())
              .orElse("");
      InstanceSweep result = sweepInstance(verdict.inst(), pod, budget);
      swept += result.swept();
      kept += result.kept();
      budget -= result.visited();
      if (result.complete()) {
        registry.unregister(verdict.inst()).await().atMost(WAIT);
        removed.add(verdict.inst());
      }
    }
    return new SweepReport(
        started,
        elapsedMs(t0),
        dryRun,
        leases.size(),
        expired.size(),
        verdicts,
        swept,
        kept,
        removed,
        null);
  }

  record InstanceSweep(long swept, long kept, long visited, boolean complete) {}

  /** Compare-and-delete every indexed device of the instance, in batches, within the budget. */
  InstanceSweep sweepInstance(String inst, String pod, long budget) {
    long swept = 0;
    long kept = 0;
    long visited = 0;
    String cursor = "0";
    do {
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
    return new InstanceSweep(swept, kept, visited, "0".equals(cursor));
  }

  private void store(SweepReport report) {
    redis
        .send(Request.cmd(Command.SET).arg(keys.sweeperReport()).arg(report.toJson().encode()))
        .await()
        .atMost(WAIT);
  }

  private static long elapsedMs(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0).toMillis();
  }

  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String kind =
        e.getClass().getName().contains("kubernetes")
                || root.getClass().getName().contains("kubernetes")
            ? "Kubernetes API"
            : "sweep";
    return kind
        + ": "
        + (e.getMessage() == null
            ? root.toString()
            : e.getMessage().lines().findFirst().orElse(""));
  }
}
