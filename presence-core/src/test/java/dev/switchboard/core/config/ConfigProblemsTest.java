package dev.switchboard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigProblemsTest {

  record Deliveries(
      int maxMessages, long maxBytes, Duration defaultTtl, int minReplicas, Duration replicaTimeout)
      implements SwitchboardConfig.Delivery {
    static Deliveries defaults() {
      return new Deliveries(1000, 1 << 20, Duration.ofMinutes(5), 0, Duration.ofMillis(500));
    }
  }

  record Values(
      String prefix,
      Duration ttl,
      Duration heartbeat,
      long maxLength,
      Duration timeout,
      Deliveries delivery)
      implements SwitchboardConfig {

    Values(String prefix, Duration ttl, Duration heartbeat, long maxLength, Duration timeout) {
      this(prefix, ttl, heartbeat, maxLength, timeout, Deliveries.defaults());
    }

    static Values defaults() {
      return new Values(
          "sb:", Duration.ofSeconds(15), Duration.ofSeconds(5), 100_000, Duration.ofSeconds(2));
    }

    @Override
    public String keyPrefix() {
      return prefix;
    }

    @Override
    public Lease lease() {
      return new Lease() {
        @Override
        public Duration ttl() {
          return ttl;
        }

        @Override
        public Duration heartbeat() {
          return heartbeat;
        }
      };
    }

    @Override
    public Events events() {
      return () -> maxLength;
    }

    @Override
    public RedisAccess redis() {
      return () -> timeout;
    }
  }

  @Test
  void defaultsAreValid() {
    assertThat(ConfigProblems.of(Values.defaults())).isEmpty();
  }

  @Test
  void heartbeatSlowerThanHalfTheTtlIsNamed() {
    Values v =
        new Values(
            "sb:", Duration.ofSeconds(10), Duration.ofSeconds(6), 1000, Duration.ofSeconds(1));

    assertThat(ConfigProblems.of(v))
        .singleElement()
        .asString()
        .startsWith("switchboard.lease.heartbeat")
        .contains("switchboard.lease.ttl");
  }

  @Test
  void everyBadKeyIsNamedInOneException() {
    Values v = new Values("a{b}", Duration.ZERO, Duration.ofSeconds(-1), 5, Duration.ZERO);

    assertThatThrownBy(() -> ConfigProblems.requireValid(v))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("switchboard.key-prefix")
        .hasMessageContaining("switchboard.lease.ttl")
        .hasMessageContaining("switchboard.lease.heartbeat")
        .hasMessageContaining("switchboard.events.max-length")
        .hasMessageContaining("switchboard.redis.timeout");
  }

  @Test
  void badDeliverySettingsAreNamed() {
    Values v =
        new Values(
            "sb:",
            Duration.ofSeconds(15),
            Duration.ofSeconds(5),
            1000,
            Duration.ofSeconds(1),
            new Deliveries(0, 0, Duration.ofHours(25), -1, Duration.ZERO));

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
    Values v =
        new Values("", Duration.ofSeconds(15), Duration.ofSeconds(5), 1000, Duration.ofSeconds(1));

    assertThat(ConfigProblems.of(v))
        .singleElement()
        .asString()
        .startsWith("switchboard.key-prefix");
  }
}
