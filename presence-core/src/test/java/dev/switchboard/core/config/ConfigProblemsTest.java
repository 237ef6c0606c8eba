package dev.switchboard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.testing.SharedSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigProblemsTest {

  @Test
  void defaultsAreValid() {
    assertThat(ConfigProblems.of(SharedSettings.defaults())).isEmpty();
  }

  @Test
  void heartbeatSlowerThanHalfTheTtlIsNamed() {
    SharedSettings v =
        new SharedSettings(
            "sb:", Duration.ofSeconds(10), Duration.ofSeconds(6), 1000, Duration.ofSeconds(1));

    assertThat(ConfigProblems.of(v))
        .singleElement()
        .asString()
        .startsWith("switchboard.lease.heartbeat")
        .contains("switchboard.lease.ttl");
  }

  @Test
  void everyBadKeyIsNamedInOneException() {
    SharedSettings v =
        new SharedSettings("a{b}", Duration.ZERO, Duration.ofSeconds(-1), 5, Duration.ZERO);

    assertThatThrownBy(() -> InvalidConfigException.throwIfAny(ConfigProblems.of(v)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("switchboard.key-prefix")
        .hasMessageContaining("switchboard.lease.ttl")
        .hasMessageContaining("switchboard.lease.heartbeat")
        .hasMessageContaining("switchboard.events.max-length")
        .hasMessageContaining("switchboard.redis.timeout");
  }

  @Test
  void badDeliverySettingsAreNamed() {
    SharedSettings v =
        new SharedSettings(
            "sb:",
            Duration.ofSeconds(15),
            Duration.ofSeconds(5),
            1000,
            Duration.ofSeconds(1),
            new SharedSettings.Deliveries(0, 0, Duration.ofHours(25), -1, Duration.ZERO));

    assertThat(ConfigProblems.of(v))
        .hasSize(5)
        .anyMatch(p -> p.startsWith("switchboard.delivery.max-messages"))
        .anyMatch(p -> p.startsWith("switchboard.delivery.max-bytes"))
        .anyMatch(p -> p.startsWith("switchboard.delivery.default-ttl must be at most 24h"))
        .anyMatch(p -> p.startsWith("switchboard.delivery.min-replicas"))
        .anyMatch(p -> p.startsWith("switchboard.delivery.replica-timeout"));
  }

  @Test
  void emptyPrefixIsRefused() {
    SharedSettings v =
        new SharedSettings(
            "", Duration.ofSeconds(15), Duration.ofSeconds(5), 1000, Duration.ofSeconds(1));

    assertThat(ConfigProblems.of(v))
        .singleElement()
        .asString()
        .startsWith("switchboard.key-prefix");
  }

  @Test
  void theMessageIsOneBlockWithOneLinePerBadKey() {
    // given
    SharedSettings v =
        new SharedSettings("a b", Duration.ofSeconds(15), Duration.ofSeconds(5), 5, Duration.ZERO);

    // when
    String message = new InvalidConfigException(ConfigProblems.of(v)).getMessage();

    // then
    assertThat(message.lines())
        .hasSize(4)
        .first()
        .isEqualTo("Switchboard cannot start: 3 settings are invalid");
    assertThat(message)
        .contains("  - switchboard.key-prefix must not contain")
        .contains("got 'a b'")
        .contains("  - switchboard.events.max-length must be at least 100, got 5")
        .contains("  - switchboard.redis.timeout must be a positive duration, got PT0S");
  }
}
