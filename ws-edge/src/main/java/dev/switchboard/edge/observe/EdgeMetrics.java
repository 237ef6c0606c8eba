package dev.switchboard.edge.observe;

import dev.switchboard.edge.limits.PendingClaims;
import dev.switchboard.edge.socket.LocalConnections;
import dev.switchboard.edge.socket.SocketEnd;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The edge's Prometheus metrics (names as scraped: {@code switchboard_edge_*}). Every meter has a
 * description (the {@code # HELP} line) and exists from start-up, each tag value at 0, so a fresh
 * edge's dashboard shows 0, not "no data".
 */
@Startup
@ApplicationScoped
public class EdgeMetrics {

  private final RefusalLog refusals;
  private final Map<ConnectResult, Counter> connects = new EnumMap<>(ConnectResult.class);
  private final Map<String, Counter> disconnects = new HashMap<>();
  private final Counter delivered;
  private final Counter notConnected;
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
      MeterRegistry registry,
      LocalConnections connections,
      PendingClaims pendingClaims,
      RefusalLog refusals) {
    this.refusals = refusals;
    Gauge.builder("switchboard.edge.connections.open", connections, LocalConnections::size)
        .description("Sockets this edge holds open")
        .register(registry);
    Gauge.builder("switchboard.edge.claims.pending", pendingClaims, PendingClaims::count)
        .description("Claims waiting for Redis; at max-pending-claims newcomers are shed with 1013")
        .register(registry);
    for (ConnectResult result : ConnectResult.values()) {
      connects.put(
          result,
          Counter.builder("switchboard.edge.connects")
              .description("Connects by result: accepted, or why the edge refused them")
              .tag("result", result.tag())
              .register(registry));
    }
    for (SocketEnd end : SocketEnd.values()) {
      disconnects.computeIfAbsent(
          end.metricTag(),
          tag ->
              Counter.builder("switchboard.edge.disconnects")
                  .description("Sockets ended, by reason")
                  .tag("reason", tag)
                  .register(registry));
    }
    delivered = routed(registry, "delivered");
    notConnected = routed(registry, "not_connected");
    pings =
        Counter.builder("switchboard.edge.pings.sent")
            .description("Server pings sent, one per connection per heartbeat interval")
            .register(registry);
    heartbeatTimeouts =
        Counter.builder("switchboard.edge.heartbeat.timeouts")
            .description("Sockets closed as dead: no frame within the heartbeat timeout")
            .register(registry);
    takeovers =
        Counter.builder("switchboard.edge.takeovers")
            .description("Connections that replaced an older connection of the same device")
            .register(registry);
    flapsRefused =
        Counter.builder("switchboard.edge.flaps.refused")
            .description("Connects refused with 4429: too many takeovers of one device")
            .register(registry);
    redisErrors =
        Counter.builder("switchboard.edge.redis.errors")
            .description("Redis calls that failed or got no answer within the Redis timeout")
            .register(registry);
    slowConsumers =
        Counter.builder("switchboard.edge.slow.consumers")
            .description("Sockets closed with 1008 because their outbound queue was full")
            .register(registry);
    ghostsRepaired =
        Counter.builder("switchboard.edge.ghosts_repaired")
            .description("Entries of this edge without a socket, released by the audit")
            .register(registry);
    orphansRepaired =
        Counter.builder("switchboard.edge.orphans_repaired")
            .description("Open sockets whose missing entry was re-created")
            .register(registry);
    acks =
        Counter.builder("switchboard.edge.messages.acked")
            .description("Routed messages the device acknowledged")
            .register(registry);
    stalls =
        Counter.builder("switchboard.edge.stalls")
            .description(
                "Times the edge itself did not run for a while and re-armed its sockets instead of"
                    + " timing them out")
            .register(registry);
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
            .description("From socket open to a settled claim in Redis")
            .publishPercentileHistogram()
            .register(registry);
    drainDuration =
        Timer.builder("switchboard.edge.drain.duration")
            .description("How long a drain took, from SIGTERM to the instance unregistered")
            .register(registry);
  }

  private static Counter routed(MeterRegistry registry, String outcome) {
    return Counter.builder("switchboard.edge.messages.routed")
        .description("Messages routed to this edge through its inbox, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  /** Counts a connect by result; a refused one also goes to the periodic refusal summary. */
  public void connect(ConnectResult result) {
    connects.get(result).increment();
    if (result != ConnectResult.ACCEPTED) {
      refusals.refused(result);
    }
  }

  public void disconnect(SocketEnd end) {
    disconnects.get(end.metricTag()).increment();
  }

  /** A routed message reached its socket, or found no such connection here. */
  public void messageRouted(boolean toAnOpenSocket) {
    (toAnOpenSocket ? delivered : notConnected).increment();
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
