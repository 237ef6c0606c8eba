package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiConfigProblemsTest {

  @Test
  void defaultsWithAKeyAreValid() {
    assertThat(ApiConfigProblems.of(1000, 65536, true, List.of("k1"))).isEmpty();
  }

  @Test
  void authOffNeedsNoKey() {
    assertThat(ApiConfigProblems.of(1000, 65536, false, List.of())).isEmpty();
  }

  @Test
  void everyBadKeyIsNamed() {
    assertThat(ApiConfigProblems.of(0, -1, true, List.of(" ")))
        .hasSize(3)
        .anyMatch(p -> p.startsWith("switchboard.api.max-lookup"))
        .anyMatch(p -> p.startsWith("switchboard.api.max-message-bytes"))
        .anyMatch(p -> p.startsWith("switchboard.api.auth.keys"));
  }
}
