package dev.switchboard.edge.lifecycle;

import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.observe.EdgeMetrics;
import dev.switchboard.edge.observe.LogFields;
import dev.switchboard.edge.socket.EdgeConnection;
import dev.switchboard.edge.socket.LocalConnections;
import dev.switchboard.edge.socket.SocketEnd;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * One instance-wide sweep over all connections every tick: ping those whose interval elapsed, cut
 * off those silent past the timeout, close those whose token expired. One timer, not one per
 * socket, so that 100k connections cost one pass of a map per tick.
 */
@ApplicationScoped
public class HeartbeatLoop {

  private static final Logger LOG = Logger.getLogger(HeartbeatLoop.class);
  private static final Buffer PING = Buffer.buffer("sb");

  private final EdgeSettings settings;
  private final LocalConnections local;
  private final SocketCloser closer;
  private final EdgeMetrics metrics;
  private final Vertx vertx;
  private long timerId = -1;
  private volatile long lastTickNanos;

  public HeartbeatLoop(
      EdgeSettings settings,
      LocalConnections local,
      SocketCloser closer,
      EdgeMetrics metrics,
      Vertx vertx) {
    this.settings = settings;
    this.local = local;
    this.closer = closer;
    this.metrics = metrics;
    this.vertx = vertx;
  }

  void start(@Observes StartupEvent event) {
    timerId = vertx.setPeriodic(settings.edge().heartbeat().tick().toMillis(), id -> tick());
  }

  void stop(@Observes ShutdownEvent event) {
    vertx.cancelTimer(timerId);
  }

  /** One pass; public so that tests can drive it deterministically. */
  public void tick() {
    tick(System.nanoTime());
  }

  /** One pass at a given monotonic time (tests simulate a stall by skipping ahead). */
  public void tick(long now) {
    long previous = lastTickNanos;
    lastTickNanos = now;
    if (settings.heartbeat().edgeStalled(previous, now)) {
      rearmAfterStall(now, now - previous);
      return;
    }
    long nowMs = System.currentTimeMillis();
    for (EdgeConnection c : local.all()) {
      if (c.isClosing() || !c.isClaimed()) {
        continue;
      }
      if (c.tokenExpiresAtMs().isPresent() && nowMs > c.tokenExpiresAtMs().get()) {
        LogFields.about(c, () -> LOG.info("token expired mid-session, closing 1008"));
        closer.forceClose(c, SocketEnd.TOKEN_EXPIRED).subscribe().with(ok -> {}, f -> {});
        continue;
      }
      switch (settings.heartbeat().decide(now, c.lastActivityNanos(), c.lastPingNanos())) {
        case TIMEOUT -> {
          metrics.heartbeatTimeout();
          LogFields.about(
              c,
              () ->
                  LOG.infof(
                      "no frame for %s, closing as dead", settings.edge().heartbeat().timeout()));
          closer.forceClose(c, SocketEnd.HEARTBEAT_TIMEOUT).subscribe().with(ok -> {}, f -> {});
        }
        case PING -> {
          c.recordPing(now);
          metrics.ping();
          c.socket().sendPing(PING).subscribe().with(ok -> {}, f -> {});
        }
        case NONE -> {}
      }
    }
  }

  private void rearmAfterStall(long now, long gapNanos) {
    int count = 0;
    for (EdgeConnection c : local.all()) {
      if (c.isClosing() || !c.isClaimed()) {
        continue;
      }
      c.recordActivity(now);
      c.recordPing(now);
      c.socket().sendPing(PING).subscribe().with(ok -> {}, f -> {});
      count++;
    }
    metrics.edgeStall();
    int rearmed = count;
    LOG.warnf(
        "this edge did not run for %d ms (GC pause, frozen VM?): %d connections re-armed"
            + " and pinged instead of timed out",
        gapNanos / 1_000_000, rearmed);
  }
}
