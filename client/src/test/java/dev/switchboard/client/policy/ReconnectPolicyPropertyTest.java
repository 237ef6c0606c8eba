package dev.switchboard.client.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class ReconnectPolicyPropertyTest {

  @Property
  @Label("P5: the jitter always lies within [0, min(max, base × 2^n)]")
  void jitterAlwaysWithinTheCapOfItsAttempt(
      @ForAll @LongRange(min = 1, max = 3_600_000) long base,
      @ForAll @LongRange(min = 0, max = 86_400_000) long extra,
      @ForAll @IntRange(min = 0, max = 10_000) int attempt,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double uniform) {
    // given
    ReconnectPolicy policy = new ReconnectPolicy(base, base + extra);

    // when
    long delay = policy.fullJitter(attempt, uniform);

    // then
    long cap = exactCap(base, base + extra, attempt);
    assertThat(delay).isBetween(0L, cap);
    assertThat(policy.capForAttempt(attempt)).isEqualTo(cap);
  }

  @Property
  void theCapNeverShrinksAsAttemptsGrow(
      @ForAll @LongRange(min = 1, max = 3_600_000) long base,
      @ForAll @LongRange(min = 0, max = 86_400_000) long extra,
      @ForAll @IntRange(min = 0, max = 200) int attempt) {
    ReconnectPolicy policy = new ReconnectPolicy(base, base + extra);

    assertThat(policy.capForAttempt(attempt + 1))
        .isGreaterThanOrEqualTo(policy.capForAttempt(attempt));
  }

  @Property
  void jitterSpansTheWholeRangeOfItsUniform(@ForAll @IntRange(min = 0, max = 12) int attempt) {
    ReconnectPolicy policy = new ReconnectPolicy(250, 2_000);

    assertThat(policy.fullJitter(attempt, 0)).isZero();
    assertThat(policy.fullJitter(attempt, 0.999_999)).isEqualTo(policy.capForAttempt(attempt) - 1);
  }

  private static long exactCap(long base, long max, int attempt) {
    BigInteger cap = BigInteger.valueOf(base).shiftLeft(attempt);
    return cap.min(BigInteger.valueOf(max)).longValueExact();
  }
}
