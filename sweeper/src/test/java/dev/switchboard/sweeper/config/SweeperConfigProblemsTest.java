package dev.switchboard.sweeper.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SweeperConfigProblemsTest {

  @Test
  void defaultsAreValid() {
    assertThat(
            SweeperConfigProblems.of(
                "run-once",
                Duration.ofSeconds(15),
                Duration.ofMinutes(5),
                500,
                100_000,
                Duration.ofSeconds(30)))
        .isEmpty();
  }

  @Test
  void everyBadKeyIsNamed() {
    assertThat(
            SweeperConfigProblems.of(
                "daily", Duration.ofSeconds(-1), Duration.ZERO, 0, 0, Duration.ZERO))
        .hasSize(6)
        .anyMatch(p -> p.startsWith("switchboard.sweeper.mode"))
        .anyMatch(p -> p.startsWith("switchboard.sweeper.grace"))
        .anyMatch(p -> p.startsWith("switchboard.sweeper.suspect-timeout"))
        .anyMatch(p -> p.startsWith("switchboard.sweeper.batch-size"))
        .anyMatch(p -> p.startsWith("switchboard.sweeper.max-entries-per-run"))
        .anyMatch(p -> p.startsWith("switchboard.sweeper.interval"));
  }
}
