package dev.switchboard.api.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PageRequestTest {

  @Test
  void largestRedisCursorIsAccepted() {
    assertThat(PageRequest.of("18446744073709551615", "1000"))
        .isEqualTo(new PageRequest("18446744073709551615", 1000));
  }

  @Test
  void cursorBeyondSixtyFourBitsNamesTheCursor() {
    assertThatThrownBy(() -> PageRequest.of("18446744073709551616", "10"))
        .isInstanceOf(ApiProblem.class)
        .hasMessageContaining("cursor")
        .hasMessageContaining("18446744073709551616");
  }

  @Test
  void leadingZerosAreTheSameCursor() {
    assertThat(PageRequest.of("007", "1").cursor()).isEqualTo("7");
  }

  @Test
  void limitMustBeAWholeNumberInRange() {
    for (String bad : new String[] {"abc", "0", "1001", "-1", "1.5", "", "99999999999"}) {
      assertThatThrownBy(() -> PageRequest.of("0", bad))
          .as(bad)
          .isInstanceOf(ApiProblem.class)
          .hasMessageContaining("limit must be a whole number from 1 to 1000");
    }
  }
}
