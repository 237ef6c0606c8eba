package dev.switchboard.sweeper.loop;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Liveness and readiness of the loop mode: DOWN when the replica no longer takes part in the leader
 * election (it would never sweep again), with whether it leads as data. UP in run-once mode, which
 * has no loop to watch.
 */
@Liveness
@Readiness
@ApplicationScoped
public class LoopHealth implements HealthCheck {

  private volatile Optional<LeaderLoop> loop = Optional.empty();

  /** Called by the loop mode once its loop exists. */
  public void watch(LeaderLoop leaderLoop) {
    this.loop = Optional.of(leaderLoop);
  }

  @Override
  public HealthCheckResponse call() {
    Optional<LeaderLoop> current = loop;
    if (current.isEmpty()) {
      return HealthCheckResponse.named("sweeper-loop").up().withData("mode", "run-once").build();
    }
    LeaderLoop l = current.get();
    return HealthCheckResponse.named("sweeper-loop")
        .status(l.electionHealthy())
        .withData("leading", l.isLeading())
        .withData("elections", l.elections())
        .withData("runs", l.runs())
        .build();
  }
}
