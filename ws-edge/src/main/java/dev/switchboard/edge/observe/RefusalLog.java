package dev.switchboard.edge.observe;

import dev.switchboard.core.observe.EventTally;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Refused connects are expected (a Redis outage, a reconnect storm, bad tokens), and a storm of
 * them must not bury the log: each is counted, and one INFO line per {@link #INTERVAL} sums them up
 * by result ({@code refused 1000 connects in the last 10s: redis_unavailable=1000}). The lines
 * about each refused socket are DEBUG.
 */
@ApplicationScoped
public class RefusalLog {

  static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Logger LOG = Logger.getLogger(RefusalLog.class);

  private final EventTally refused = new EventTally();
  private volatile long since = System.nanoTime();
  private volatile long timer = -1;

  void start(@Observes StartupEvent event, Vertx vertx) {
    since = System.nanoTime();
    timer = vertx.setPeriodic(INTERVAL.toMillis(), id -> flush());
  }

  void stop(@Observes ShutdownEvent event, Vertx vertx) {
    vertx.cancelTimer(timer);
    flush();
  }

  /** Counts one refused connect. */
  public void refused(ConnectResult result) {
    refused.add(result.tag());
  }

  /** Logs the refusals counted since the last summary, if any, and starts a new interval. */
  public void flush() {
    long now = System.nanoTime();
    Duration interval = Duration.ofSeconds(Math.max(1, Math.round((now - since) / 1e9)));
    since = now;
    EventTally.summary("refused", "connects", interval, refused.takeCounts()).ifPresent(LOG::info);
  }
}
