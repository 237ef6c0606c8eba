package dev.switchboard.api;

import dev.switchboard.core.store.SweeperReports;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * {@code switchboard_sweeper_*} gauges from the sweeper's stored reports, re-read every {@link
 * #REFRESH}. A sweeper run as a CronJob exits after each run and serves no metrics; the API, always
 * up, shows what its last run did and when the last good one was, for the dashboard and the "no
 * successful sweep" alert.
 */
@Startup
@ApplicationScoped
public class SweeperRunMetrics {

  static final Duration REFRESH = Duration.ofSeconds(15);
  private static final Logger LOG = Logger.getLogger(SweeperRunMetrics.class);

  private final SweeperReports reports;
  private volatile SweeperRunFigures figures = SweeperRunFigures.NONE;
  private volatile long timer = -1;

  public SweeperRunMetrics(SweeperReports reports, MeterRegistry registry) {
    this.reports = reports;
    Gauge.builder(
            "switchboard.sweeper.last.run.timestamp.seconds",
            this,
            m -> m.figures.lastRunTimestampSeconds())
        .description(
            "When the sweeper's last run ended (Unix time), from its stored report; 0 before any")
        .register(registry);
    Gauge.builder(
            "switchboard.sweeper.last.run.duration.seconds",
            this,
            m -> m.figures.lastRunDurationSeconds())
        .description("How long the sweeper's last run took")
        .register(registry);
    Gauge.builder("switchboard.sweeper.last.run.aborted", this, m -> m.figures.lastRunAborted())
        .description("1 when the sweeper's last run aborted (it deleted nothing), else 0")
        .register(registry);
    Gauge.builder("switchboard.sweeper.last.run.removed", this, m -> m.figures.lastRunRemoved())
        .description("Entries of dead edges the sweeper's last run removed")
        .register(registry);
    Gauge.builder(
            "switchboard.sweeper.last.success.timestamp.seconds",
            this,
            m -> m.figures.lastSuccessTimestampSeconds())
        .description("When the sweeper's last successful run ended (Unix time); 0 before any")
        .register(registry);
  }

  void start(@Observes StartupEvent event, Vertx vertx) {
    refresh();
    timer = vertx.setPeriodic(REFRESH.toMillis(), id -> refresh());
  }

  void stop(@Observes ShutdownEvent event, Vertx vertx) {
    vertx.cancelTimer(timer);
  }

  void refresh() {
    reports
        .runs()
        .subscribe()
        .with(
            runs -> figures = SweeperRunFigures.of(runs.last(), runs.lastOk()),
            failure -> LOG.debugf("sweeper reports not read: %s", failure));
  }

  /** The figures the gauges show now. */
  public SweeperRunFigures figures() {
    return figures;
  }
}
