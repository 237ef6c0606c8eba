package dev.switchboard.sweeper.loop;

import dev.switchboard.sweeper.run.SweepReport;
import dev.switchboard.sweeper.run.SweepReport.Abort;
import dev.switchboard.sweeper.verdict.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus metrics of the loop mode ({@code switchboard_sweeper_*}). Every meter has a
 * description and exists from start-up, each tag value at 0. (A CronJob sweeper serves none: the
 * presence-api exposes its stored reports as {@code switchboard_sweeper_last_*} gauges.)
 */
@Startup
@ApplicationScoped
public class SweeperMetrics {

  private final AtomicLong lastSuccessSeconds = new AtomicLong();
  private final Counter runsOk;
  private final Counter runsAborted;
  private final Map<Abort.Source, Counter> aborts = new EnumMap<>(Abort.Source.class);
  private final Counter apiErrors;
  private final Counter entriesSwept;
  private final Map<Verdict.Kind, Counter> verdicts = new EnumMap<>(Verdict.Kind.class);

  public SweeperMetrics(MeterRegistry registry) {
    Gauge.builder(
            "switchboard.sweeper.last.success.timestamp.seconds",
            lastSuccessSeconds,
            AtomicLong::get)
        .description("When this sweeper's last successful run ended (Unix time); 0 before any")
        .register(registry);
    runsOk = runs(registry, "ok");
    runsAborted = runs(registry, "aborted");
    for (Abort.Source source : Abort.Source.values()) {
      aborts.put(
          source,
          Counter.builder("switchboard.sweeper.aborts")
              .description("Runs that aborted and deleted nothing, by what failed")
              .tag("source", source.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    apiErrors =
        Counter.builder("switchboard.sweeper.api.errors")
            .description("Runs aborted because the Kubernetes API failed or timed out")
            .register(registry);
    entriesSwept =
        Counter.builder("switchboard.sweeper.entries.swept")
            .description("Entries of dead edge instances deleted")
            .register(registry);
    for (Verdict.Kind kind : Verdict.Kind.values()) {
      verdicts.put(
          kind,
          Counter.builder("switchboard.sweeper.verdicts")
              .description("Expired instances judged, by verdict")
              .tag("verdict", kind.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
  }

  private static Counter runs(MeterRegistry registry, String result) {
    return Counter.builder("switchboard.sweeper.runs")
        .description("Sweeper runs, by result")
        .tag("result", result)
        .register(registry);
  }

  public void record(SweepReport report) {
    if (!report.ok()) {
      runsAborted.increment();
      report.abort().ifPresent(a -> aborts.get(a.source()).increment());
      if (report.abort().map(a -> a.source() == Abort.Source.KUBERNETES_API).orElse(false)) {
        apiErrors.increment();
      }
      return;
    }
    runsOk.increment();
    entriesSwept.increment(report.entriesSwept());
    for (Verdict.Kind kind : Verdict.Kind.values()) {
      verdicts.get(kind).increment(report.count(kind));
    }
    lastSuccessSeconds.set(System.currentTimeMillis() / 1000);
  }

  public long lastSuccessSeconds() {
    return lastSuccessSeconds.get();
  }
}
