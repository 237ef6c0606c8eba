package dev.switchboard.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceIdsTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "device-42", "user@example.com", "tenant:dev_1.2", "A-Z.0-9:@_"})
  void acceptsTheAllowedAlphabet(String id) {
    assertThat(DeviceIds.isValid(id)).isTrue();
    assertThat(DeviceIds.problem(id)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "a b", "dev{1}", "dev/1", "dév", "a\nb", "x*", "semi;colon"})
  void refusesAnythingElseWithAReason(String id) {
    assertThat(DeviceIds.isValid(id)).isFalse();
    assertThat(DeviceIds.problem(id)).isPresent();
  }

  @org.junit.jupiter.api.Test
  void lengthLimitIs128() {
    assertThat(DeviceIds.isValid("x".repeat(128))).isTrue();
    assertThat(DeviceIds.problem("x".repeat(129))).get().asString().contains("129").contains("128");
    assertThatThrownBy(() -> DeviceIds.requireValid(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("device id is empty");
  }

  @org.junit.jupiter.api.Test
  void everyCharacterIsJudgedAsTheDocumentedCharacterClassJudgesIt() {
    java.util.regex.Pattern rule = java.util.regex.Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    for (char c = 0; c < 0x3000; c++) {
      String id = "a" + c + "z";
      assertThat(DeviceIds.isValid(id)).as("U+%04X", (int) c).isEqualTo(rule.matcher(id).matches());
      assertThat(DeviceIds.problem(id).isEmpty())
          .as("U+%04X", (int) c)
          .isEqualTo(DeviceIds.isValid(id));
    }
  }
}
