package dev.switchboard.faults;

import static dev.switchboard.faults.SingleRedisFaultsIT.assertFoldOrReset;
import static dev.switchboard.faults.harness.FastTimings.EXACT_BOUND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.faults.harness.Device;
import dev.switchboard.faults.harness.Exactness;
import dev.switchboard.faults.harness.FaultReport;
import dev.switchboard.faults.harness.Fleet;
import dev.switchboard.faults.harness.RedisTopology;
import dev.switchboard.faults.harness.Rig;
import dev.switchboard.faults.harness.Routing;
import dev.switchboard.faults.harness.Services;
import dev.switchboard.testsupport.RedisCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A Redis Cluster of three masters: routing across it, and a master failing over. */
class ClusterFaultsIT {

  private static final Duration DELIVERY = Duration.ofSeconds(5);

  @Test
  @DisplayName("on a cluster, a routed message reaches every device on its owning edge (202)")
  void routingOnClusterReachesTheOwningEdge() throws Exception {
    try (Rig rig = Rig.start(RedisTopology.cluster(), Services.Options.edges(2), "route-")) {
      // given half the fleet on each edge, the inboxes spread over the three masters
      rig.connectAndSettle(i -> i % 2);

      // when a message is routed to every device
      Routing.Result routed = Routing.toEveryDevice(rig, DELIVERY);

      // then
      new FaultReport("cluster-routing", Fleet.DEVICES)
          .put("statuses", routed.statuses().toString())
          .put("undelivered", routed.undelivered().size())
          .emit();
      assertThat(routed.accepted())
          .as("202 for every device: %s %s", routed.statuses(), routed.odd())
          .isEqualTo(Fleet.DEVICES);
      assertThat(routed.undelivered()).as("received on the device's socket").isEmpty();
    }
  }

  @Test
  @DisplayName("each master of a cluster failing over in turn ends exact, and routing still works")
  void clusterMasterFailoverEndsExact() throws Exception {
    try (Rig rig =
        Rig.start(RedisTopology.clusterWithReplicas(), Services.Options.edges(2), "cfail-")) {
      // given half the fleet on each edge
      rig.connectAndSettle(i -> i % 2);
      RedisCluster cluster = rig.redis.deployment(RedisCluster.class);

      for (int shard = 0; shard < 3; shard++) {
        int eventsBefore = rig.events.events().size();
        long faultAt = System.nanoTime();

        // when the shard's replica takes over (coordinated failover)
        cluster.failoverMaster(shard);
        Exactness.Outcome outcome = rig.exactness.await(EXACT_BOUND);

        // then
        List<Device.Close> closes = rig.fleet.closesSince(faultAt);
        List<String> fold = rig.foldDisagreements(Duration.ofSeconds(3));
        Routing.Result routed = Routing.toEveryDevice(rig, DELIVERY, EXACT_BOUND);
        new FaultReport("cluster-master-failover-" + shard, Fleet.DEVICES)
            .exactness(outcome)
            .closes(closes)
            .events(rig.events.counts(eventsBefore))
            .put("resetSeen", rig.events.sawReset())
            .put("sseResumes", rig.events.reconnects())
            .put("foldDisagreements", fold.size())
            .put("routingFirstAnswers", routed.statuses().toString())
            .put("undelivered", routed.undelivered().size())
            .emit();
        assertThat(outcome.exact())
            .as("shard %d: exact within %s: %s", shard, EXACT_BOUND, outcome)
            .isTrue();
        assertThat(closes).as("shard %d: no live socket closed", shard).isEmpty();
        assertThat(rig.fleet.replacedWithoutNewer()).as("4001 with no newer connection").isEmpty();
        assertFoldOrReset(rig, fold);
        assertThat(routed.accepted())
            .as(
                "shard %d: 202 for every device, 503s retried within %s: %s %s",
                shard, EXACT_BOUND, routed.statuses(), routed.odd())
            .isEqualTo(Fleet.DEVICES);
        assertThat(routed.undelivered()).as("shard %d: received", shard).isEmpty();
      }
    }
  }
}
