package dev.switchboard.edge.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The spread touch schedule: each connection once per interval, the instance's load even. */
class TouchScheduleTest {

  private static final TouchSchedule MINUTE = TouchSchedule.of(Duration.ofSeconds(60));

  private static List<String> connIds(int n) {
    Random random = new Random(16);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(new UUID(random.nextLong(), random.nextLong()).toString());
    }
    return ids;
  }

  @Test
  void aMinuteIsSixtyOneSecondTicksAndAShortIntervalIsOneTick() {
    // given / when
    TouchSchedule shortOne = TouchSchedule.of(Duration.ofMillis(300));
    TouchSchedule odd = TouchSchedule.of(Duration.ofMillis(1500));

    // then
    assertThat(MINUTE.slots()).isEqualTo(60);
    assertThat(MINUTE.tickNanos()).isEqualTo(1_000_000_000L);
    assertThat(shortOne.slots()).isEqualTo(1);
    assertThat(shortOne.tickNanos()).isEqualTo(300_000_000L);
    assertThat(odd.slots()).isEqualTo(2);
    assertThat(odd.tickNanos()).isEqualTo(750_000_000L);
  }

  @Test
  @DisplayName("issue 16: one tick after another, each connection is touched once per interval")
  void eachConnectionIsDueExactlyOncePerIntervalAndTheLoadIsSpread() {
    // given
    List<String> conns = connIds(12_000);
    int[] touches = new int[conns.size()];
    int[] perTick = new int[MINUTE.slots()];
    long start = MINUTE.tickAt(7_123_456_789_000L);

    // when: one round per tick for one interval
    for (int t = 0; t < MINUTE.slots(); t++) {
      for (int i = 0; i < conns.size(); i++) {
        if (MINUTE.isDue(MINUTE.slotOf(conns.get(i)), start + t, start + t + 1)) {
          touches[i]++;
          perTick[t]++;
        }
      }
    }

    // then: exactly once each, and no tick carries much more than its share (200 on average)
    assertThat(touches).containsOnly(1);
    assertThat(java.util.Arrays.stream(perTick).min().orElseThrow()).isGreaterThanOrEqualTo(140);
    assertThat(java.util.Arrays.stream(perTick).max().orElseThrow()).isLessThanOrEqualTo(260);
  }

  @Test
  void lateRoundsCatchUpTheSkippedSlotsOnce() {
    // given: rounds that run late by random amounts, over exactly one interval
    List<String> conns = connIds(3_000);
    int[] touches = new int[conns.size()];
    Random random = new Random(3);
    long last = 1_000;
    long end = last + MINUTE.slots();

    // when
    while (last < end) {
      long now = Math.min(end, last + 1 + random.nextInt(7));
      for (int i = 0; i < conns.size(); i++) {
        if (MINUTE.isDue(MINUTE.slotOf(conns.get(i)), last, now)) {
          touches[i]++;
        }
      }
      last = now;
    }

    // then
    assertThat(touches).containsOnly(1);
  }

  @Test
  void aRoundAfterAWholeIntervalTouchesEveryoneOnceAndARepeatedTickNobody() {
    // given
    List<String> conns = connIds(1_000);

    // when / then
    assertThat(conns).allMatch(c -> MINUTE.isDue(MINUTE.slotOf(c), 500, 500 + 61));
    assertThat(conns).noneMatch(c -> MINUTE.isDue(MINUTE.slotOf(c), 500, 500));
    assertThat(conns).allMatch(c -> MINUTE.slotOf(c) >= 0 && MINUTE.slotOf(c) < 60);
  }
}
