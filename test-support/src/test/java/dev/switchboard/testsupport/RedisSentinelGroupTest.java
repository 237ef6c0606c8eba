package dev.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RedisSentinelGroupTest {

  @Test
  void startsAPrimaryItsReplicaAndThreeSentinelsThatAgreeOnIt() {
    try (RedisSentinelGroup group = RedisSentinelGroup.start()) {
      // when
      RedisServer primary = group.primary();
      primary.call("SET", "a", "1");
      group.awaitReplicasCaughtUp();

      // then
      assertThat(primary).isSameAs(group.servers().get(0));
      assertThat(group.clientType()).isEqualTo("sentinel");
      assertThat(group.urls())
          .hasSize(3)
          .allMatch(url -> url.startsWith("redis://127.0.0.1:"))
          .doesNotContain(primary.url());
      assertThat(RedisInfo.role(primary)).isEqualTo("master");
      assertThat(group.replicas()).hasSize(1);
      assertThat(group.replicas().get(0).call("GET", "a")).isEqualTo("1");
    }
  }

  @Test
  void failoverPromotesTheReplicaAndTheOldPrimaryFollowsIt() {
    try (RedisSentinelGroup group = RedisSentinelGroup.start()) {
      // given
      RedisServer oldPrimary = group.primary();
      RedisServer replica = group.replicas().get(0);
      oldPrimary.call("SET", "a", "1");
      group.awaitReplicasCaughtUp();

      // when
      RedisServer newPrimary = group.failover();

      // then
      assertThat(newPrimary).isSameAs(replica).isSameAs(group.primary());
      assertThat(group.sentinels())
          .allMatch(
              sentinel ->
                  sentinel
                      .call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", group.masterName())
                      .toString()
                      .contains(String.valueOf(newPrimary.port())));
      assertThat(RedisInfo.role(newPrimary)).isEqualTo("master");
      assertThat(newPrimary.call("GET", "a")).isEqualTo("1");
      assertThat(group.replicas()).containsExactly(oldPrimary);
      assertThat(RedisInfo.role(oldPrimary)).isEqualTo("slave");
    }
  }

  @Test
  @DisplayName(
      "failoverLosingWrites: a replica that missed the last writes is promoted and they are gone")
  void failoverLosingWritesPromotesAReplicaThatMissedTheLastWrites() {
    try (RedisSentinelGroup group = RedisSentinelGroup.start()) {
      // given
      RedisServer oldPrimary = group.primary();
      RedisServer replica = group.replicas().get(0);
      oldPrimary.call("SET", "a", "replicated");
      group.awaitReplicasCaughtUp();
      group.cutReplication();
      oldPrimary.call("SET", "b", "acknowledged-then-lost");

      // when
      RedisServer newPrimary = group.failoverLosingWrites();

      // then
      assertThat(newPrimary).isSameAs(replica);
      assertThat(newPrimary.call("GET", "a")).isEqualTo("replicated");
      assertThat(newPrimary.call("GET", "b")).isNull();
      assertThat(RedisInfo.role(oldPrimary)).isEqualTo("slave");
      assertThat(oldPrimary.call("GET", "a")).isEqualTo("replicated");
      assertThat(oldPrimary.call("GET", "b")).isNull();
      newPrimary.call("SET", "c", "after");
      group.awaitReplicasCaughtUp();
      assertThat(oldPrimary.call("GET", "c")).isEqualTo("after");
    }
  }

  @Test
  void aCutReplicaMissesWritesUntilReplicationIsRestored() {
    try (RedisSentinelGroup group = RedisSentinelGroup.start()) {
      // given
      RedisServer primary = group.primary();
      RedisServer replica = group.replicas().get(0);
      group.cutReplication();

      // when
      primary.call("SET", "b", "late");
      RedisServer.sleep(500);

      // then
      assertThat(RedisInfo.field(replica, "replication", "master_link_status")).hasValue("down");
      assertThat(replica.call("GET", "b")).isNull();

      // when
      group.restoreReplication();

      // then
      assertThat(replica.call("GET", "b")).isEqualTo("late");
      assertThat(group.primary()).isSameAs(primary);
    }
  }

  @Test
  void restartBringsBackTheOriginalTopologyEmpty() {
    try (RedisSentinelGroup group = RedisSentinelGroup.start()) {
      // given
      RedisServer first = group.primary();
      first.call("SET", "a", "1");
      group.awaitReplicasCaughtUp();
      group.failover();

      // when
      group.restart();

      // then
      assertThat(group.primary()).isSameAs(first);
      assertThat(first.call("DBSIZE")).isEqualTo("0");
      assertThat(group.replicas().get(0).call("DBSIZE")).isEqualTo("0");
    }
  }
}
