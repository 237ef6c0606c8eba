package dev.switchboard.testsupport;

import java.util.List;

/** A Redis the tests run against: one server, a cluster or a Sentinel group, all real processes. */
public interface RedisDeployment extends AutoCloseable {

  /** Connection strings, one per node. */
  List<String> urls();

  /** Whether clients must use cluster mode. */
  boolean isCluster();

  /**
   * The client mode, as {@code quarkus.redis.client-type} spells it: {@code standalone}, {@code
   * cluster} or {@code sentinel}.
   */
  default String clientType() {
    return isCluster() ? "cluster" : "standalone";
  }

  /** Every server process of the deployment. */
  List<RedisServer> servers();

  /** Kills every process and starts it again: all keys and cached scripts are gone. */
  void restart();

  /** Drops the script cache on every node, as a failover to a fresh replica would. */
  default void flushScripts() {
    servers().forEach(server -> server.call("SCRIPT", "FLUSH"));
  }

  @Override
  void close();
}
