package dev.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PackagedAppLogTest {

  private static final String STARTED =
      "2026-11-30 21:00:00,000 INFO  [dev.switchboard.App] (main) inst=a1 started\n";

  @Test
  void infoRecordsCarryingInstAreANormalLife() {
    // given
    String log = STARTED + "  a continuation line\n" + STARTED.replace("started", "stopped");

    // then
    assertThat(PackagedAppLog.normalLifeProblems(log)).isEmpty();
  }

  @Test
  void aWarningARecordWithoutInstOrNoRecordAtAllIsAProblem() {
    // given
    String log =
        STARTED
            + "2026-11-30 21:00:01,000 WARN  [dev.switchboard.App] (main) inst=a1 slow\n"
            + "2026-11-30 21:00:02,000 INFO  [io.quarkus] (main) stopped\n";

    // then
    assertThat(PackagedAppLog.normalLifeProblems(log))
        .hasSize(2)
        .anyMatch(p -> p.startsWith("a WARN or ERROR: ") && p.endsWith("slow"))
        .anyMatch(p -> p.startsWith("no inst: ") && p.endsWith("stopped"));
    assertThat(PackagedAppLog.normalLifeProblems("")).containsExactly("no log record at all");
  }

  @Test
  void aRefusedStartNamesEachSettingWithoutAStackTrace() {
    // given
    String log = "Switchboard cannot start: 1 setting is invalid\n  - switchboard.x must be 1\n";

    // then
    assertThat(PackagedAppLog.refusedStartProblems(log, 1, List.of("  - switchboard.x must be 1")))
        .isEmpty();
    assertThat(
            PackagedAppLog.refusedStartProblems(
                log + "java.lang.IllegalStateException\n\tat X.y(X.java:1)\n",
                0,
                List.of("  - switchboard.y must be 2")))
        .containsExactly(
            "exited with 0",
            "missing:   - switchboard.y must be 2",
            "a stack trace",
            "an exception's name");
  }
}
