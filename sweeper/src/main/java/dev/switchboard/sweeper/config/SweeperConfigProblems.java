package dev.switchboard.sweeper.config;

import dev.switchboard.core.config.ConfigProblems;
import dev.switchboard.core.config.InvalidConfigException;
import dev.switchboard.core.config.SwitchboardConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The sweeper's one start-up validator: checks the shared settings and the {@code
 * switchboard.sweeper.*} ones, naming each bad key, and fails start-up when any is bad. The checks
 * themselves are pure.
 */
@Singleton
public class SweeperConfigProblems {

  /** Fails start-up, naming every bad key (shared and sweeper) in one block, before any sweep. */
  // before any observer that talks to Redis (a stop while a connection opens logs an ERROR)
  void check(
      @Observes @Priority(3) StartupEvent event, SweeperConfig config, SwitchboardConfig shared) {
    List<String> problems = new ArrayList<>(ConfigProblems.of(shared));
    problems.addAll(of(config));
    InvalidConfigException.throwIfAny(problems);
  }

  public static List<String> of(
      String mode,
      Duration grace,
      Duration suspectTimeout,
      int batchSize,
      int maxEntriesPerRun,
      Duration interval) {
    List<String> problems = new ArrayList<>();
    if (!mode.equals("run-once") && !mode.equals("loop")) {
      problems.add("switchboard.sweeper.mode must be run-once or loop, got '" + mode + "'");
    }
    if (grace.isNegative()) {
      problems.add("switchboard.sweeper.grace must not be negative, got " + grace);
    }
    if (suspectTimeout.isNegative() || suspectTimeout.isZero()) {
      problems.add("switchboard.sweeper.suspect-timeout must be positive, got " + suspectTimeout);
    }
    if (batchSize < 1 || batchSize > 10_000) {
      problems.add("switchboard.sweeper.batch-size must be 1 to 10000, got " + batchSize);
    }
    if (maxEntriesPerRun < 1) {
      problems.add(
          "switchboard.sweeper.max-entries-per-run must be at least 1, got " + maxEntriesPerRun);
    }
    if (interval.isNegative() || interval.isZero()) {
      problems.add("switchboard.sweeper.interval must be positive, got " + interval);
    }
    return problems;
  }

  public static List<String> of(SweeperConfig c) {
    return of(
        c.mode(), c.grace(), c.suspectTimeout(), c.batchSize(), c.maxEntriesPerRun(), c.interval());
  }
}
