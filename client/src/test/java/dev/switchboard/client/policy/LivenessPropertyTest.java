package dev.switchboard.client.policy;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class LivenessPropertyTest {

  @Property
  @Label("P1: a server is given up exactly when it was silent for 2 × heartbeatMs")
  void serverDeadExactlyAfterTwoHeartbeatsOfSilence(
      @ForAll @LongRange(min = 1, max = 600_000) long heartbeatMs,
      @ForAll @LongRange(min = 0, max = 10_000_000) long silence,
      @ForAll @LongRange(min = 0, max = 10_000_000) long sincePing) {
    Liveness liveness = new Liveness(heartbeatMs);
    long now = 50_000_000;

    Liveness.Action action = liveness.decide(now, now - silence, now - sincePing);

    assertThat(action == Liveness.Action.SERVER_DEAD).isEqualTo(silence >= 2 * heartbeatMs);
  }

  @Property
  @Label("P6: a live connection pings every heartbeatMs / 2")
  void pingsWhenHalfAHeartbeatPassedSinceTheLastPing(
      @ForAll @LongRange(min = 2, max = 600_000) long heartbeatMs,
      @ForAll @LongRange(min = 0, max = 10_000_000) long sincePing) {
    Liveness liveness = new Liveness(heartbeatMs);
    long now = 50_000_000;

    Liveness.Action action = liveness.decide(now, now, now - sincePing);

    assertThat(action == Liveness.Action.PING).isEqualTo(sincePing >= heartbeatMs / 2);
  }

  @Property
  void ticksOftenEnoughToPingOnTime(@ForAll @LongRange(min = 1, max = 600_000) long heartbeatMs) {
    Liveness liveness = new Liveness(heartbeatMs);

    assertThat(liveness.tickMs()).isLessThanOrEqualTo(Math.max(10, liveness.pingEveryMs()));
    assertThat(liveness.pingEveryMs()).isLessThan(liveness.deadAfterMs());
  }

  @Test
  void aConnectionStayedUpAfterOneHeartbeat() {
    Liveness liveness = new Liveness(1_000);

    assertThat(liveness.stayedUp(5_000, 5_999)).isFalse();
    assertThat(liveness.stayedUp(5_000, 6_000)).isTrue();
  }
}
