package dev.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisClusterTest {

  @Test
  void threeMastersCoverEverySlotAndSurviveARestart() {
    try (RedisCluster cluster = RedisCluster.start()) {
      // given
      RedisServer first = cluster.nodes().get(0);

      // when
      cluster.restart();

      // then
      assertThat(cluster.urls()).hasSize(3);
      assertThat(first.call("CLUSTER", "INFO").toString())
          .contains("cluster_state:ok")
          .contains("cluster_slots_assigned:16384")
          .contains("cluster_known_nodes:3");
      assertThatThrownBy(() -> cluster.replica(0)).hasMessageContaining("startWithReplicas");
    }
  }

  @Test
  void withReplicasEveryMasterHasASyncedReplicaThatReceivesItsWrites() {
    try (RedisCluster cluster = RedisCluster.startWithReplicas()) {
      // given
      RedisServer master = cluster.master(1);
      RedisServer replica = cluster.replica(1);
      String key = keyServedBy(cluster, 1);

      // when
      master.call("SET", key, "v");

      // then
      assertThat(cluster.nodes()).hasSize(6);
      assertThat(master).isSameAs(cluster.nodes().get(1));
      assertThat(replica).isSameAs(cluster.nodes().get(4));
      assertThat(master.call("CLUSTER", "INFO").toString())
          .contains("cluster_state:ok")
          .contains("cluster_slots_assigned:16384")
          .contains("cluster_known_nodes:6")
          .contains("cluster_size:3");
      for (int shard = 0; shard < 3; shard++) {
        assertThat(RedisInfo.role(cluster.master(shard))).isEqualTo("master");
        assertThat(RedisInfo.linkUp(cluster.replica(shard))).isTrue();
      }
      awaitDbSize(replica, "1");
      cluster.flushScripts();
    }
  }

  @Test
  void coordinatedFailoverSwapsMasterAndReplicaAndKeepsTheData() {
    try (RedisCluster cluster = RedisCluster.startWithReplicas()) {
      // given
      RedisServer oldMaster = cluster.master(0);
      RedisServer oldReplica = cluster.replica(0);
      String key = keyServedBy(cluster, 0);
      oldMaster.call("SET", key, "kept");

      // when
      RedisServer promoted = cluster.failoverMaster(0);

      // then
      assertThat(promoted).isSameAs(oldReplica).isSameAs(cluster.master(0));
      assertThat(RedisInfo.role(promoted)).isEqualTo("master");
      assertThat(promoted.call("GET", key)).isEqualTo("kept");
      assertThat(cluster.replica(0)).isSameAs(oldMaster);
      awaitRole(oldMaster, "slave");
    }
  }

  @Test
  void forcedFailoverReplacesAFrozenMasterWhichRejoinsAsReplicaWhenThawed() {
    try (RedisCluster cluster = RedisCluster.startWithReplicas()) {
      // given
      RedisServer frozen = cluster.master(2);
      RedisServer replica = cluster.replica(2);
      frozen.freeze();

      // when
      RedisServer promoted = cluster.failoverMaster(2, ClusterFailover.FORCE);

      // then
      assertThat(promoted).isSameAs(replica);
      assertThat(cluster.master(2)).isSameAs(replica);
      assertThat(promoted.call("CLUSTER", "INFO").toString()).contains("cluster_state:ok");

      // when
      frozen.thaw();

      // then
      awaitRole(frozen, "slave");
    }
  }

  private static String keyServedBy(RedisCluster cluster, int shard) {
    RedisServer master = cluster.master(shard);
    for (int i = 0; ; i++) {
      String key = "k" + i;
      int slot = Integer.parseInt(master.call("CLUSTER", "KEYSLOT", key).toString());
      if (slot >= shard * 16384 / 3 && slot < (shard + 1) * 16384 / 3) {
        return key;
      }
    }
  }

  private static void awaitDbSize(RedisServer server, String size) {
    Await.until(
        "port " + server.port() + " holds " + size + " keys",
        Duration.ofSeconds(10),
        () -> size.equals(server.call("DBSIZE")));
  }

  private static void awaitRole(RedisServer server, String role) {
    Await.until(
        "port " + server.port() + " is " + role,
        Duration.ofSeconds(20),
        () -> role.equals(RedisInfo.role(server)));
  }
}
