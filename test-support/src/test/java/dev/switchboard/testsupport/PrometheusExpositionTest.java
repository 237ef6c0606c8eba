package dev.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusExpositionTest {

  @Test
  void wellNamedFamiliesHaveNoProblems() {
    String text =
        """
        # TYPE app_pings_sent counter
        # HELP app_pings_sent Pings sent
        app_pings_sent_total 0.0
        # TYPE app_open gauge
        # HELP app_open Sockets open
        app_open 3.0
        # TYPE app_latency_seconds histogram
        # HELP app_latency_seconds Claim latency
        app_latency_seconds_bucket{le="0.1"} 0.0
        # TYPE app_latency_seconds_max gauge
        # HELP app_latency_seconds_max Claim latency
        app_latency_seconds_max 0.0
        # TYPE app_last_run_timestamp_seconds gauge
        # HELP app_last_run_timestamp_seconds When the last run ended
        app_last_run_timestamp_seconds 0.0
        """;

    assertThat(PrometheusExposition.problems(text, "app_")).isEmpty();
    assertThat(PrometheusExposition.parse(text).get("app_open").value("")).isEqualTo(3.0);
  }

  @Test
  void eachBrokenConventionIsNamed() {
    String text =
        """
        # TYPE app_pings counter
        # HELP app_pings \s
        app_pings_total 1.0
        # TYPE app_errors_total gauge
        # HELP app_errors_total Errors
        app_errors_total 1.0
        # TYPE app_latency histogram
        # HELP app_latency Latency
        app_latency_bucket{le="1"} 0.0
        # TYPE app_seconds_since gauge
        # HELP app_seconds_since Age
        app_seconds_since 1.0
        # TYPE app_lastTimestamp gauge
        # HELP app_lastTimestamp When
        app_lastTimestamp 1.0
        # TYPE other_thing gauge
        other_thing 1.0
        """;

    assertThat(PrometheusExposition.problems(text, "app_"))
        .containsExactlyInAnyOrder(
            "app_pings: # HELP is empty",
            "app_errors_total: _total is the suffix counters get, not part of a family's name",
            "app_latency: a histogram is named by its base unit (_seconds or _bytes)",
            "app_seconds_since: the unit (seconds) must be the last word",
            "app_lastTimestamp: not snake_case");
  }
}
