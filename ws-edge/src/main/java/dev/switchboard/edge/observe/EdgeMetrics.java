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
  private final Counter deliverySent;
  private final Counter deliveryRedelivered;
  private final Counter deliveryAcked;
  private final Counter deliveryExpired;
  private final Counter acksRefused;
  private final Counter badAcks;
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
    deliverySent =
        Counter.builder("switchboard.edge.delivery.sent")
            .description("Durable messages sent to devices, redeliveries included")
            .register(registry);
    deliveryRedelivered =
        Counter.builder("switchboard.edge.delivery.redelivered")
            .description(
                "Durable messages sent again: handed to a socket before (after a reconnect,"
                    + " takeover, drain or edge crash), so the client may see their seq twice")
            .register(registry);
    deliveryAcked =
        Counter.builder("switchboard.edge.delivery.acked")
            .description("Durable messages acknowledged by devices and trimmed from their outboxes")
            .register(registry);
    deliveryExpired =
        Counter.builder("switchboard.edge.delivery.expired")
            .description(
                "Durable messages skipped, never sent, because their TTL passed first (state"
                    + " expired)")
            .register(registry);
    acksRefused =
        Counter.builder("switchboard.edge.delivery.acks.refused")
            .description(
                "Delivery acks ignored because a newer connection owns the device (fenced by conn"
                    + " and epoch)")
            .register(registry);
    badAcks =
        Counter.builder("switchboard.edge.delivery.bad.acks")
            .description(
                "Delivery acks answered with a bad_ack error frame: a malformed seq, or one never"
                    + " sent to that connection")
            .register(registry);
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

  /** Durable messages handed to a socket; {@code redelivered} of them were handed out before. */
  public void deliverySent(int sent, int redelivered) {
    deliverySent.increment(sent);
    deliveryRedelivered.increment(redelivered);
  }

  public void deliveryAcked(int trimmed) {
    deliveryAcked.increment(trimmed);
  }

  public void deliveryExpired(int skipped) {
    deliveryExpired.increment(skipped);
  }

  public void ackRefused() {
    acksRefused.increment();
  }

  public void badAck() {
    badAcks.increment();
  }

  public double acksRefused() {
    return acksRefused.count();
  }

  public double deliveryExpired() {
    return deliveryExpired.count();
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
