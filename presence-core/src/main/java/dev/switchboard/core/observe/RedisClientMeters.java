package dev.switchboard.core.observe;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;

/**
 * Drops the two gauges Quarkus's Vert.x metrics register for every Redis connection. Each
 * connection after the first registers them again under the same name and tags, which Micrometer
 * refuses with a WARN at every start ("This Gauge has been already registered"); the one kept
 * counts only the first connection, so it was wrong anyway. The Redis command counters and timers
 * stay.
 *
 * <p>Installed on the global registry before any service code connects to Redis: a CDI {@code
 * MeterFilter} would arrive too late, because Quarkus may fire {@code StartupEvent} (where the
 * services first connect) before it configures its registries.
 */
@ApplicationScoped
public class RedisClientMeters {

  static final Set<String> PER_CONNECTION_GAUGES = Set.of("redis.queue.size", "redis.current");

  static final MeterFilter DROP_PER_CONNECTION_GAUGES =
      MeterFilter.deny(id -> PER_CONNECTION_GAUGES.contains(id.getName()));

  void install(@Observes @Priority(1) StartupEvent event) {
    Metrics.globalRegistry.config().meterFilter(DROP_PER_CONNECTION_GAUGES);
  }
}
