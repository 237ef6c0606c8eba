package dev.switchboard.edge.observe;

import dev.switchboard.edge.limits.PendingClaims;
import dev.switchboard.edge.socket.LocalConnections;
import dev.switchboard.edge.socket.SocketEnd;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** The edge's Prometheus metrics (names as scraped: {@code switchboard_edge_*}). */
@ApplicationScoped
public class EdgeMetrics {

  private final MeterRegistry registry;
  private final Counter pings;
  private final Counter heartbeatTimeouts;
  private final Counter takeovers;
  private final Counter flapsRefused;
  private final Counter redisErrors;
  private final Counter slowConsumers;
  private final Counter ghostsRepaired;
  private final Counter orphansRepaired;
  private final Counter acks;
  private final Counter stalls;
  private final Timer claimLatency;
  private final Timer drainDuration;

  public EdgeMetrics(
      MeterRegistry registry, LocalConnections connections, PendingClaims pendingClaims) {
    this.registry = registry;
    registry.gauge("switchboard.edge.connections.open", connections, LocalConnections::size);
    registry.gauge("switchboard.edge.claims.pending", pendingClaims, PendingClaims::count);
    pings = registry.counter("switchboard.edge.pings.sent");
    heartbeatTimeouts = registry.counter("switchboard.edge.heartbeat.timeouts");
    takeovers = registry.counter("switchboard.edge.takeovers");
    flapsRefused = registry.counter("switchboard.edge.flaps.refused");
    redisErrors = registry.counter("switchboard.edge.redis.errors");
    slowConsumers = registry.counter("switchboard.edge.slow.consumers");
    ghostsRepaired = registry.counter("switchboard.edge.ghosts_repaired");
    orphansRepaired = registry.counter("switchboard.edge.orphans_repaired");
    acks = registry.counter("switchboard.edge.messages.acked");
    stalls = registry.counter("switchboard.edge.stalls");
    claimLatency =
        Timer.builder("switchboard.edge.claim.latency")
            .publishPercentileHistogram()
            .register(registry);
    drainDuration = Timer.builder("switchboard.edge.drain.duration").register(registry);
  }

  /**
   * Upgrade or open outcome: accepted, unauthorized, forbidden, per_ip_limit, admission_limit,
   * overloaded, draining…
   */
  public void connect(String result) {
    registry.counter("switchboard.edge.connects", "result", result).increment();
  }

  public void disconnect(SocketEnd end) {
    registry.counter("switchboard.edge.disconnects", "reason", end.metricTag()).increment();
  }

  public void messageRouted(String outcome) {
    registry.counter("switchboard.edge.messages.routed", "outcome", outcome).increment();
  }

  public void ping() {
    pings.increment();
  }

  public void heartbeatTimeout() {
    heartbeatTimeouts.increment();
  }

  public void takeover() {
    takeovers.increment();
  }

  public void flapRefused() {
    flapsRefused.increment();
  }

  public void redisError() {
    redisErrors.increment();
  }

  public void slowConsumer() {
    slowConsumers.increment();
  }

  public void ghostsRepaired(int count) {
    ghostsRepaired.increment(count);
  }

  public void orphansRepaired(int count) {
    orphansRepaired.increment(count);
  }

  /** The edge itself did not run for a while; its connections were re-armed, not timed out. */
  public void edgeStall() {
    stalls.increment();
  }

  public void ack() {
    acks.increment();
  }

  public void claimLatency(Duration duration) {
    claimLatency.record(duration);
  }

  public void drainDuration(Duration duration) {
    drainDuration.record(duration);
  }

  public double pingsSent() {
    return pings.count();
  }

  public double acks() {
    return acks.count();
  }
}
