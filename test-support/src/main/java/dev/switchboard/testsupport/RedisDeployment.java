package dev.switchboard.testsupport;

import java.util.List;

/** A Redis the tests run against: one server or a cluster, both real processes. */
public interface RedisDeployment extends AutoCloseable {

  /** Connection strings, one per node. */
  List<String> urls();

  /** Whether clients must use cluster mode. */
  boolean isCluster();

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
