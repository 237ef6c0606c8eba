package dev.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code helm lint --strict} of the chart with every {@code ci/*-values.yaml} scenario. */
class ChartLintTest {

  static List<Scenario> scenarios() {
    return Scenario.allCi();
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void lintsCleanly(Scenario scenario) {
    // when
    LintResult result = Helm.lint(scenario.values());

    // then
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }
}
