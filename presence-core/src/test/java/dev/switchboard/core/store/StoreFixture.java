package dev.switchboard.core.store;

import dev.switchboard.core.model.Owner;
import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.redis.ScriptCalls;
import dev.switchboard.core.redis.ScriptRunner;
import dev.switchboard.testsupport.RedisDeployment;
import dev.switchboard.testsupport.RedisSentinelGroup;
import dev.switchboard.testsupport.UniquePrefix;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.redis.client.RedisRole;
import java.time.Duration;

/** The stores of presence-core over a real Redis, with a key prefix of their own. */
final class StoreFixture implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  final Vertx vertx;
  final Redis redis;
  final PresenceKeys keys;
  final ScriptRunner runner;
  final PresenceStore store;
  final InstanceRegistry registry;
  final DeviceIndex index;
  final EventLog events;
  final Inbox inbox;
  final Outbox outbox;

  StoreFixture(RedisDeployment deployment) {
    this(deployment, 1_000);
  }

  StoreFixture(RedisDeployment deployment, long eventsMaxLength) {
    this(deployment, eventsMaxLength, TIMEOUT);
  }

  StoreFixture(RedisDeployment deployment, long eventsMaxLength, Duration timeout) {
    vertx = Vertx.vertx();
    RedisOptions options =
        new RedisOptions()
            .setType(clientType(deployment))
            .setUseReplicas(RedisReplicas.NEVER)
            .setMaxPoolSize(16)
            .setMaxPoolWaiting(1024)
            .setMaxWaitingHandlers(4096);
    deployment.urls().forEach(options::addConnectionString);
    if (deployment instanceof RedisSentinelGroup group) {
      options.setMasterName(group.masterName()).setRole(RedisRole.MASTER);
    }
    redis = Redis.createClient(vertx, options);
    keys = new PresenceKeys(UniquePrefix.next());
    runner = new ScriptRunner(redis, timeout);
    ScriptCalls calls = new ScriptCalls(keys);
    store = new PresenceStore(runner, calls, clientType(deployment) == RedisClientType.CLUSTER);
    registry = new InstanceRegistry(runner, calls);
    index = new DeviceIndex(runner, keys);
    events = new EventLog(runner, keys, eventsMaxLength);
    inbox = new Inbox(runner, redis, keys);
    outbox = new Outbox(runner, calls);
  }

  /** The Vert.x client type that {@code quarkus.redis.client-type} names for the deployment. */
  static RedisClientType clientType(RedisDeployment deployment) {
    return switch (deployment.clientType()) {
      case "cluster" -> RedisClientType.CLUSTER;
      case "sentinel" -> RedisClientType.SENTINEL;
      default -> RedisClientType.STANDALONE;
    };
  }

  static Owner owner(String inst) {
    return new Owner(inst, "edge-" + inst, "uid-" + inst, "node-1");
  }

  @Override
  public void close() {
    redis.close();
    vertx.closeAndAwait();
  }
}
