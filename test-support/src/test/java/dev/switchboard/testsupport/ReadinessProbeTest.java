package dev.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.ReadinessProbe.Answer;
import dev.switchboard.testsupport.ReadinessProbe.Blackhole;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadinessProbeTest {

  private static final Duration EARLIEST_DOWN = Duration.ofSeconds(2);
  private static final List<Answer> READY = List.of(new Answer(0, 503, 5), new Answer(200, 200, 5));

  @Test
  void upUntilDownAfterTheGraceAndReadyAgainHasNoProblems() {
    // given
    List<Answer> during = List.of(new Answer(0, 200, 3), new Answer(2_500, 503, 4));

    // when
    Blackhole run = new Blackhole(READY, during, READY);

    // then
    assertThat(run.problems(EARLIEST_DOWN)).isEmpty();
    assertThat(run.summary()).contains("2 probes, slowest answer 4 ms, DOWN after 2500 ms");
  }

  @Test
  void aProbeWithoutAnAnswerIsAProblem() {
    // given
    List<Answer> during = List.of(new Answer(0, 0, 1_000), new Answer(2_500, 503, 4));

    // when
    List<String> problems = new Blackhole(READY, during, READY).problems(EARLIEST_DOWN);

    // then
    assertThat(problems).singleElement().asString().startsWith("no answer within");
  }

  @Test
  void downBeforeTheGraceOrNotReadyUntilThenIsAProblem() {
    // given
    List<Answer> during =
        List.of(new Answer(0, 200, 3), new Answer(250, 500, 3), new Answer(1_000, 503, 4));

    // when
    List<String> problems = new Blackhole(READY, during, READY).problems(EARLIEST_DOWN);

    // then
    assertThat(problems)
        .containsExactly(
            "DOWN after 1000 ms, before Redis was silent for the grace (earliest 2000 ms)",
            "not ready before going DOWN: " + new Answer(250, 500, 3));
  }

  @Test
  void neverDownOrNeverReadyAgainIsAProblem() {
    // given
    List<Answer> during = List.of(new Answer(0, 200, 3), new Answer(15_000, 200, 3));

    // when
    List<String> problems = new Blackhole(READY, during, List.of()).problems(EARLIEST_DOWN);

    // then
    assertThat(problems)
        .hasSize(2)
        .anyMatch(p -> p.startsWith("never DOWN"))
        .anyMatch(p -> p.startsWith("not ready again"));
  }

  @Test
  void neverReadyBeforeTheBlackholeIsTheOnlyProblem() {
    // when
    List<String> problems =
        new Blackhole(List.of(new Answer(0, 503, 3)), List.of(), List.of()).problems(EARLIEST_DOWN);

    // then
    assertThat(problems).singleElement().asString().startsWith("never ready before");
  }
}
