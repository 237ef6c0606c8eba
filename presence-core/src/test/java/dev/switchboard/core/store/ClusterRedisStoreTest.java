package dev.switchboard.core.store;

import dev.switchboard.testsupport.RedisCluster;
import dev.switchboard.testsupport.RedisDeployment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The presence-core contract against a real 3-master Redis Cluster: any command or script that
 * touched keys of two slots would fail here with CROSSSLOT.
 */
class ClusterRedisStoreTest extends PresenceStoreContract {

  private static RedisCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = RedisCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Override
  RedisDeployment redis() {
    return cluster;
  }
}
