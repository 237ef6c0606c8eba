package dev.switchboard.edge.observe;

import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.lifecycle.EdgeState;
import dev.switchboard.edge.socket.LocalConnections;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while Redis answers (within the grace), the lease is fresh and the edge is not draining.
 */
@Readiness
@ApplicationScoped
public class EdgeReadiness implements HealthCheck {

  private final EdgeState state;
  private final EdgeSettings settings;
  private final LocalConnections local;

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
    return HealthCheckResponse.named("switchboard-edge")
        .status(redisOk && leaseFresh && !draining && state.isRegistered())
        .withData("inst", settings.inst())
        .withData("redis", redisOk ? "up" : "down")
        .withData("leaseFresh", leaseFresh)
        .withData("draining", draining)
        .withData("connections", local.size())
        .build();
  }
}
