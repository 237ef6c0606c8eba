package dev.switchboard.sweeper.loop;

import dev.switchboard.sweeper.run.SweepReport;
import dev.switchboard.sweeper.run.SweepReport.Abort;
import dev.switchboard.sweeper.verdict.Verdict;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** Prometheus metrics of the loop mode ({@code switchboard_sweeper_*}). */
@ApplicationScoped
public class SweeperMetrics {

  private final MeterRegistry registry;
  private final AtomicLong lastSuccessSeconds = new AtomicLong();

  public SweeperMetrics(MeterRegistry registry) {
    this.registry = registry;
    registry.gauge("switchboard.sweeper.last.success.seconds", lastSuccessSeconds, AtomicLong::get);
  }

  public void record(SweepReport report) {
    registry
        .counter("switchboard.sweeper.runs", "result", report.ok() ? "ok" : "aborted")
        .increment();
    if (!report.ok()) {
      report
          .abort()
          .ifPresent(
              a ->
                  registry
                      .counter(
                          "switchboard.sweeper.aborts",
                          "source",
                          a.source().name().toLowerCase(Locale.ROOT))
                      .increment());
      if (report.abort().map(a -> a.source() == Abort.Source.KUBERNETES_API).orElse(false)) {
        registry.counter("switchboard.sweeper.api.errors").increment();
      }
      return;
    }
    registry.counter("switchboard.sweeper.entries.swept").increment(report.entriesSwept());
    for (Verdict.Kind kind : Verdict.Kind.values()) {
      registry
          .counter("switchboard.sweeper.verdicts", "verdict", kind.name().toLowerCase(Locale.ROOT))
          .increment(report.count(kind));
    }
    lastSuccessSeconds.set(System.currentTimeMillis() / 1000);
  }

  public long lastSuccessSeconds() {
    return lastSuccessSeconds.get();
  }
}
