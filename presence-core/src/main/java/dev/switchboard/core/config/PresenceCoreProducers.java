package dev.switchboard.core.config;

import dev.switchboard.core.observe.RedisReachability;
import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.redis.ScriptCalls;
import dev.switchboard.core.redis.ScriptRunner;
import dev.switchboard.core.store.DeviceIndex;
import dev.switchboard.core.store.EventLog;
import dev.switchboard.core.store.Inbox;
import dev.switchboard.core.store.InstanceRegistry;
import dev.switchboard.core.store.Outbox;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.core.store.SweeperReports;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Wires presence-core's stores from the shared configuration and the Quarkus Redis client. The
 * shared settings are validated by each service's one start-up validator, together with its own, so
 * that one failed start names every bad key.
 */
@ApplicationScoped
public class PresenceCoreProducers {

  @Produces
  @Singleton
  PresenceKeys presenceKeys(SwitchboardConfig config) {
    return new PresenceKeys(config.keyPrefix());
  }

  @Produces
  @Singleton
  ScriptCalls scriptCalls(PresenceKeys keys) {
    return new ScriptCalls(keys);
  }

  @Produces
  @Singleton
  ScriptRunner scriptRunner(Redis redis, SwitchboardConfig config) {
    return new ScriptRunner(redis, config.redis().timeout());
  }

  @Produces
  @Singleton
  PresenceStore presenceStore(ScriptRunner runner, ScriptCalls calls) {
    return new PresenceStore(runner, calls, clustered());
  }

  @Produces
  @Singleton
  InstanceRegistry instanceRegistry(ScriptRunner runner, ScriptCalls calls) {
    return new InstanceRegistry(runner, calls);
  }

  @Produces
  @Singleton
  DeviceIndex deviceIndex(ScriptRunner runner, PresenceKeys keys) {
    return new DeviceIndex(runner, keys);
  }

  @Produces
  @Singleton
  EventLog eventLog(ScriptRunner runner, PresenceKeys keys, SwitchboardConfig config) {
    return new EventLog(runner, keys, config.events().maxLength());
  }

  @Produces
  @Singleton
  Inbox inbox(ScriptRunner runner, Redis redis, PresenceKeys keys) {
    return new Inbox(runner, redis, keys, !clustered());
  }

  /** Whether {@code quarkus.redis.client-type} names a Redis Cluster. */
  private static boolean clustered() {
    String clientType =
        org.eclipse.microprofile.config.ConfigProvider.getConfig()
            .getOptionalValue("quarkus.redis.client-type", String.class)
            .orElse("standalone");
    return "cluster".equalsIgnoreCase(clientType.trim());
  }

  @Produces
  @Singleton
  RedisReachability redisReachability(ScriptRunner runner) {
    return new RedisReachability(runner);
  }

  @Produces
  @Singleton
  Outbox outbox(ScriptRunner runner, ScriptCalls calls) {
    return new Outbox(runner, calls);
  }

  @Produces
  @Singleton
  SweeperReports sweeperReports(ScriptRunner runner, PresenceKeys keys) {
    return new SweeperReports(runner, keys);
  }
}
