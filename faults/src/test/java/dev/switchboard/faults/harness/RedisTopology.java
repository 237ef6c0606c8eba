package dev.switchboard.faults.harness;

import dev.switchboard.testsupport.RedisCluster;
import dev.switchboard.testsupport.RedisDeployment;
import dev.switchboard.testsupport.RedisSentinelGroup;
import dev.switchboard.testsupport.RedisServer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real Redis deployment and the {@code quarkus.redis.*} properties a service needs to reach it:
 * one server, a Sentinel group (clients go through the Sentinels) or a cluster.
 */
public final class RedisTopology implements AutoCloseable {

  private final RedisDeployment deployment;
  private final Map<String, String> clientProperties;

  private RedisTopology(RedisDeployment deployment, Map<String, String> clientProperties) {
    this.deployment = deployment;
    this.clientProperties = clientProperties;
  }

  /** One redis-server. */
  public static RedisTopology single() {
    RedisServer server = RedisServer.start();
    return new RedisTopology(server, properties(server, server.url()));
  }

  /** One redis-server, reached by the services through {@code url} (e.g. a proxy in front). */
  public static RedisTopology single(RedisServer server, String url) {
    return new RedisTopology(server, properties(server, url));
  }

  /** Primary, replica and three Sentinels. */
  public static RedisTopology sentinel() {
    RedisSentinelGroup group = RedisSentinelGroup.start();
    Map<String, String> props = properties(group, String.join(",", group.urls()));
    props.put("quarkus.redis.master-name", group.masterName());
    return new RedisTopology(group, props);
  }

  /** Three masters, without replicas. */
  public static RedisTopology cluster() {
    RedisCluster cluster = RedisCluster.start();
    return new RedisTopology(cluster, properties(cluster, String.join(",", cluster.urls())));
  }

  /** Three masters with a replica each. */
  public static RedisTopology clusterWithReplicas() {
    RedisCluster cluster = RedisCluster.startWithReplicas();
    return new RedisTopology(cluster, properties(cluster, String.join(",", cluster.urls())));
  }

  private static Map<String, String> properties(RedisDeployment deployment, String hosts) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("quarkus.redis.hosts", hosts);
    props.put("quarkus.redis.client-type", deployment.clientType());
    return props;
  }

  /** The properties every service gets to reach this deployment. */
  public Map<String, String> clientProperties() {
    return Map.copyOf(clientProperties);
  }

  /** The deployment, typed as the caller started it. */
  public <T extends RedisDeployment> T deployment(Class<T> type) {
    return type.cast(deployment);
  }

  @Override
  public void close() {
    deployment.close();
  }
}
