package dev.switchboard.edge.limits;

import dev.switchboard.edge.config.EdgeSettings;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The instance-wide limits shared by the upgrade guard and the presence lifecycle. */
public class LimitsProducers {

  @Produces
  @Singleton
  PendingClaims pendingClaims(EdgeSettings settings) {
    return new PendingClaims(settings.edge().limits().maxPendingClaims());
  }
}
