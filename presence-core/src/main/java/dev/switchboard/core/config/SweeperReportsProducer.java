package dev.switchboard.core.config;

import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.redis.ScriptRunner;
import dev.switchboard.core.store.SweeperReports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the sweeper report store (written by the sweeper, read by the presence-api). */
@ApplicationScoped
public class SweeperReportsProducer {

  @Produces
  @Singleton
  SweeperReports sweeperReports(ScriptRunner runner, PresenceKeys keys) {
    return new SweeperReports(runner, keys);
  }
}
