package dev.switchboard.edge.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.edge.lifecycle.HeartbeatPolicy.Action;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PureLifecycleTest {

  private static final long MS = 1_000_000L;
  private final HeartbeatPolicy policy = new HeartbeatPolicy(10_000 * MS, 20_000 * MS, 2_000 * MS);

  @Test
  @DisplayName("P1: the heartbeat pings once per interval and times out after silence")
  void heartbeatPingsOncePerIntervalAndTimesOutAfterSilence() {
    assertThat(policy.decide(5_000 * MS, 0, 0)).isEqualTo(Action.NONE);
    assertThat(policy.decide(10_000 * MS, 0, 0)).isEqualTo(Action.PING);
    assertThat(policy.decide(12_000 * MS, 0, 10_000 * MS)).isEqualTo(Action.NONE);
    assertThat(policy.decide(20_000 * MS, 0, 10_000 * MS)).isEqualTo(Action.TIMEOUT);
    assertThat(policy.decide(20_000 * MS, 15_000 * MS, 10_000 * MS)).isEqualTo(Action.PING);
  }

  @Test
  @DisplayName("P5: drain closes spread evenly over the window")
  void drainDelaysSpreadEvenlyOverTheWindow() {
    List<Long> delays = DrainPlan.delays(1000, 10_000, new Random(7));

    assertThat(delays).hasSize(1000).isSorted().allMatch(d -> d >= 0 && d < 10_000);
    long firstHalf = delays.stream().filter(d -> d < 5_000).count();
    assertThat(firstHalf).isEqualTo(500);
  }

  @Test
  void drainOfNothingIsEmpty() {
    assertThat(DrainPlan.delays(0, 10_000, new Random(1))).isEmpty();
  }

  @Test
  void instanceIdsAreRandom128BitBase64Url() {
    String id = EdgeIdentity.randomId();

    assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]+").isNotEqualTo(EdgeIdentity.randomId());
  }

  @Test
  void aTickGapOfTheStallLengthMeansTheEdgeItselfStalled() {
    assertThat(policy.edgeStalled(0, 60_000 * MS)).as("the first tick").isFalse();
    assertThat(policy.edgeStalled(10_000 * MS, 10_500 * MS)).isFalse();
    assertThat(policy.edgeStalled(10_000 * MS, 11_999 * MS)).isFalse();
    assertThat(policy.edgeStalled(10_000 * MS, 12_000 * MS)).isTrue();
    assertThat(policy.edgeStalled(10_000 * MS, 45_000 * MS)).isTrue();
  }

  @Test
  void theStallThresholdIsFourTicksButNeverUnderTwoSeconds() {
    assertThat(HeartbeatPolicy.of(10_000 * MS, 20_000 * MS, 500 * MS).stallNanos())
        .isEqualTo(2_000 * MS);
    assertThat(HeartbeatPolicy.of(10_000 * MS, 20_000 * MS, 1_000 * MS).stallNanos())
        .isEqualTo(4_000 * MS);
  }
}
