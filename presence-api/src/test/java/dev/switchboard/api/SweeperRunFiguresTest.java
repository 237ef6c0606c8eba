package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SweeperRunFiguresTest {

  @Test
  void noReportsGiveZeros() {
    assertThat(SweeperRunFigures.of(Optional.empty(), Optional.empty()))
        .isEqualTo(SweeperRunFigures.NONE);
  }

  @Test
  void anAbortedLastRunAfterAGoodOne() {
    // given
    String ok = "{\"ok\":true,\"startedMs\":1000000,\"durationMs\":500,\"entriesSwept\":250}";
    String aborted =
        "{\"ok\":false,\"startedMs\":2000000,\"durationMs\":2000,\"entriesSwept\":0,"
            + "\"error\":\"kubernetes_api: forbidden\"}";

    // when
    SweeperRunFigures figures = SweeperRunFigures.of(Optional.of(aborted), Optional.of(ok));

    // then
    assertThat(figures.lastRunTimestampSeconds()).isEqualTo(2002.0);
    assertThat(figures.lastRunDurationSeconds()).isEqualTo(2.0);
    assertThat(figures.lastRunAborted()).isEqualTo(1.0);
    assertThat(figures.lastRunRemoved()).isZero();
    assertThat(figures.lastSuccessTimestampSeconds()).isEqualTo(1000.5);
  }

  @Test
  void anUnreadableReportCountsAsNone() {
    assertThat(SweeperRunFigures.of(Optional.of("not json"), Optional.of("[1]")))
        .isEqualTo(SweeperRunFigures.NONE);
  }
}
