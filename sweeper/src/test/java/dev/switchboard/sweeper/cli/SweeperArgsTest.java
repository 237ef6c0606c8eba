package dev.switchboard.sweeper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SweeperArgsTest {

  @Test
  void defaultsComeFromConfiguration() {
    assertThat(SweeperArgs.parse()).isEqualTo(new SweeperArgs(Optional.empty(), false, false));
  }

  @Test
  void modeAndDryRun() {
    assertThat(SweeperArgs.parse("--mode=loop", "--dry-run"))
        .isEqualTo(new SweeperArgs(Optional.of("loop"), true, false));
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> SweeperArgs.parse("--mode=forever"))
        .hasMessageContaining("--mode must be run-once or loop, got 'forever'");
    assertThatThrownBy(() -> SweeperArgs.parse("--dryrun")).hasMessageContaining("'--dryrun'");
  }
}
