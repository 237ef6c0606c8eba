package dev.switchboard.core.testing;

import dev.switchboard.core.config.SwitchboardConfig;
import java.time.Duration;

/** The shared settings as plain values, for tests of start-up validation without Quarkus. */
public record SharedSettings(
    String keyPrefix, Duration ttl, Duration heartbeat, long maxLength, Duration timeout)
    implements SwitchboardConfig {

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
