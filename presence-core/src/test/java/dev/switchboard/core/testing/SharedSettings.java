package dev.switchboard.core.testing;

import dev.switchboard.core.config.SwitchboardConfig;
import java.time.Duration;

/** The shared settings as plain values, for tests of start-up validation without Quarkus. */
public record SharedSettings(
    String keyPrefix,
    Duration ttl,
    Duration heartbeat,
    long maxLength,
    Duration timeout,
    Deliveries delivery)
    implements SwitchboardConfig {

  /** The durable-delivery settings as plain values. */
  public record Deliveries(
      int maxMessages, long maxBytes, Duration defaultTtl, int minReplicas, Duration replicaTimeout)
      implements SwitchboardConfig.Delivery {

    /** The defaults {@link SwitchboardConfig.Delivery} declares. */
    public static Deliveries defaults() {
      return new Deliveries(1000, 1 << 20, Duration.ofMinutes(5), 0, Duration.ofMillis(500));
    }
  }

  /** These values with the default delivery settings. */
  public SharedSettings(
      String keyPrefix, Duration ttl, Duration heartbeat, long maxLength, Duration timeout) {
    this(keyPrefix, ttl, heartbeat, maxLength, timeout, Deliveries.defaults());
  }

  /** The defaults {@link SwitchboardConfig} declares. */
  public static SharedSettings defaults() {
    return new SharedSettings(
        "sb:", Duration.ofSeconds(15), Duration.ofSeconds(5), 100_000, Duration.ofSeconds(2));
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
    return new RedisAccess() {
      @Override
      public Duration timeout() {
        return timeout;
      }

      @Override
      public Duration grace() {
        return Duration.ofSeconds(10);
      }
    };
  }

  @Override
  public Log log() {
    return () -> false;
  }
}
