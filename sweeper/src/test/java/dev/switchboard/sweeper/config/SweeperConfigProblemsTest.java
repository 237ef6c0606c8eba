package dev.switchboard.sweeper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.config.InvalidConfigException;
import dev.switchboard.core.testing.SharedSettings;
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

  @Test
  void startUpFailsNamingTheBadKey() {
    // given
    SweeperConfig config = config("daily");

    // when / then
    assertThatThrownBy(
            () -> new SweeperConfigProblems().check(null, config, SharedSettings.defaults()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("switchboard.sweeper.mode");
  }

  @Test
  void startUpPassesWithValidSettings() {
    // given
    SweeperConfig config = config("loop");

    // when
    new SweeperConfigProblems().check(null, config, SharedSettings.defaults());

    // then
    assertThat(SweeperConfigProblems.of(config)).isEmpty();
  }

  private static SweeperConfig config(String mode) {
    return new SweeperConfig() {
      public String mode() {
        return mode;
      }

      public boolean dryRun() {
        return false;
      }

      public Duration grace() {
        return Duration.ofSeconds(15);
      }

      public Duration suspectTimeout() {
        return Duration.ofMinutes(5);
      }

      public int batchSize() {
        return 500;
      }

      public int maxEntriesPerRun() {
        return 100_000;
      }

      public Duration interval() {
        return Duration.ofSeconds(30);
      }

      public Kube kubernetes() {
        throw new UnsupportedOperationException("not validated");
      }
    };
  }

  @Test
  void sharedAndSweeperKeysAreNamedInOneFailure() {
    // given: one bad shared key and one bad sweeper key
    SharedSettings shared =
        new SharedSettings(
            "sb:", Duration.ofSeconds(15), Duration.ofSeconds(10), 100_000, Duration.ofSeconds(2));

    // when / then
    assertThatThrownBy(() -> new SweeperConfigProblems().check(null, config("daily"), shared))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("switchboard.lease.heartbeat (PT10S)")
        .hasMessageContaining("switchboard.sweeper.mode must be run-once or loop, got 'daily'");
  }
}
