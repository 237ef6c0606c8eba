package dev.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

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
    }
  }
}
