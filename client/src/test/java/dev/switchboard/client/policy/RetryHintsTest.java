package dev.switchboard.client.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RetryHintsTest {

  @Test
  void readsTheEdgesCloseReasons() {
    assertThat(RetryHints.fromReason("flapping: too many takeovers; retry after 4200 ms"))
        .isEqualTo(OptionalLong.of(4_200));
    assertThat(RetryHints.fromReason("overloaded; try again in 1300 ms"))
        .isEqualTo(OptionalLong.of(1_300));
    assertThat(RetryHints.fromReason("admission limit; try again in 0 ms"))
        .isEqualTo(OptionalLong.of(0));
  }

  @Test
  void aReasonWithoutAHintHasNone() {
    assertThat(RetryHints.fromReason("draining")).isEmpty();
    assertThat(RetryHints.fromReason("retry after soon")).isEmpty();
    assertThat(RetryHints.fromReason(null)).isEmpty();
    assertThat(RetryHints.fromReason("retry after 99999999999999999999 ms")).isEmpty();
  }

  @Test
  void readsRetryAfterInSecondsAndIgnoresDates() {
    assertThat(RetryHints.fromRetryAfter("5")).isEqualTo(OptionalLong.of(5_000));
    assertThat(RetryHints.fromRetryAfter(" 1 ")).isEqualTo(OptionalLong.of(1_000));
    assertThat(RetryHints.fromRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEmpty();
    assertThat(RetryHints.fromRetryAfter(null)).isEmpty();
  }
}
