package dev.switchboard.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The edge settings' checks, on settings mapped by SmallRye Config as at start-up. */
class EdgeConfigProblemsTest {

  private static List<String> problems(Map<String, String> values) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(EdgeConfig.class)
            .withMapping(AuthConfig.class)
            // Quarkus' own form of durations ("10s"), as at start-up
            .withConverter(Duration.class, 200, new DurationConverter())
            .withDefaultValues(
                Map.of("switchboard.auth.secret", "0123456789abcdef0123456789abcdef"))
            .withDefaultValues(values)
            .build();
    return EdgeConfigProblems.of(
        config.getConfigMapping(EdgeConfig.class), config.getConfigMapping(AuthConfig.class));
  }

  @Test
  void theDefaultsAreValid() {
    assertThat(problems(Map.of())).isEmpty();
  }

  @Test
  void theDeliveryWindowIsOneTo1024AndBelowTheOutboundQueue() {
    assertThat(problems(Map.of("switchboard.edge.delivery.window", "0")))
        .singleElement()
        .asString()
        .startsWith("switchboard.edge.delivery.window must be 1 to 1024");
    assertThat(problems(Map.of("switchboard.edge.delivery.window", "1025")))
        .singleElement()
        .asString()
        .contains("1 to 1024");
    assertThat(
            problems(
                Map.of(
                    "switchboard.edge.delivery.window", "64",
                    "switchboard.edge.limits.outbound-queue", "64")))
        .singleElement()
        .asString()
        .contains("below switchboard.edge.limits.outbound-queue (64)")
        .contains("slow consumer");
    assertThat(problems(Map.of("switchboard.edge.delivery.window", "1024")))
        .as("the default outbound queue is 256")
        .hasSize(1);
    assertThat(
            problems(
                Map.of(
                    "switchboard.edge.delivery.window", "1024",
                    "switchboard.edge.limits.outbound-queue", "2048")))
        .isEmpty();
  }
}
