package dev.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

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
    Helm.Result result =
        Helm.helm(
            "lint",
            "--strict",
            Helm.chart().toString(),
            "--namespace",
            Helm.NAMESPACE,
            "--values",
            scenario.values().toString());

    // then
    assertThat(result.ok()).as(result.describe()).isTrue();
    assertThat(result.stdout()).contains("0 chart(s) failed");
  }
}
