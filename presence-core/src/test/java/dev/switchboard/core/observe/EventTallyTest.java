package dev.switchboard.core.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTallyTest {

  @Test
  void oneLineSumsTheEventsByKindInNameOrder() {
    // given
    EventTally tally = new EventTally();
    for (int i = 0; i < 1200; i++) {
      tally.add("redis_unavailable");
    }
    for (int i = 0; i < 34; i++) {
      tally.add("not_ready");
    }

    // when
    Map<String, Long> counts = tally.takeCounts();

    // then
    assertThat(EventTally.summary("refused", "connects", Duration.ofSeconds(10), counts))
        .contains("refused 1234 connects in the last 10s: not_ready=34, redis_unavailable=1200");
  }

  @Test
  void takingTheCountsStartsTheNextInterval() {
    // given
    EventTally tally = new EventTally();
    tally.add("flapping");
    tally.takeCounts();

    // when
    Map<String, Long> next = tally.takeCounts();

    // then
    assertThat(next).isEmpty();
    assertThat(EventTally.summary("refused", "connects", Duration.ofSeconds(10), next)).isEmpty();
  }

  @Test
  void anIntervalThatIsNotWholeSecondsIsWrittenInMilliseconds() {
    assertThat(EventTally.summary("refused", "connects", Duration.ofMillis(2500), Map.of("x", 1L)))
        .contains("refused 1 connects in the last 2500ms: x=1");
  }
}
