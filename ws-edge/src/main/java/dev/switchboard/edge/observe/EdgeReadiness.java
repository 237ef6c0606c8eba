package dev.switchboard.edge.observe;

import dev.switchboard.core.observe.ReadinessChanges;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.lifecycle.EdgeState;
import dev.switchboard.edge.socket.LocalConnections;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while Redis answers (within the grace), the lease is fresh and the edge is not draining.
 * Answers from the edge's own state, never by calling Redis, so a probe answers at once even during
 * a partition; a change is logged once, with its reason.
 */
@Readiness
@ApplicationScoped
public class EdgeReadiness implements HealthCheck {

  private final EdgeState state;
  private final EdgeSettings settings;
  private final LocalConnections local;
  private final ReadinessChanges changes = new ReadinessChanges("edge");

  public EdgeReadiness(EdgeState state, EdgeSettings settings, LocalConnections local) {
    this.state = state;
    this.settings = settings;
    this.local = local;
  }

  @Override
  public HealthCheckResponse call() {
    long now = System.nanoTime();
    boolean redisOk = state.redisDownForNanos(now) <= settings.edge().redis().grace().toNanos();
    boolean leaseFresh = state.leaseAgeNanos(now) <= settings.shared().lease().ttl().toNanos();
    boolean draining = state.isDraining();
    boolean registered = state.isRegistered();
    boolean ready = redisOk && leaseFresh && !draining && registered;
    changes.observe(ready, reason(redisOk, leaseFresh, draining, registered));
    return HealthCheckResponse.named("switchboard-edge")
        .status(ready)
        .withData("inst", settings.inst())
        .withData("redis", redisOk ? "up" : "down")
        .withData("leaseFresh", leaseFresh)
        .withData("draining", draining)
        .withData("connections", local.size())
        .build();
  }

  private String reason(boolean redisOk, boolean leaseFresh, boolean draining, boolean registered) {
    if (draining) {
      return "draining";
    }
    if (!registered) {
      return "not registered in Redis yet";
    }
    if (!redisOk) {
      return "Redis unanswered for longer than switchboard.edge.redis.grace ("
          + settings.edge().redis().grace()
          + ")";
    }
    return leaseFresh ? "" : "lease not renewed within switchboard.lease.ttl";
  }
}
