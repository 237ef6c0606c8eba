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
import dev.switchboard.faults.harness.Services;
import dev.switchboard.testsupport.RedisSentinelGroup;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A Sentinel-managed primary and replica, failing over. */
class SentinelFaultsIT {

  @Test
  @DisplayName(
      "P2: a Sentinel failover that loses the latest takeovers ends exact; no live socket gets 4001")
  void sentinelFailoverWithLostWritesEndsExact() throws Exception {
    try (Rig rig = Rig.start(RedisTopology.sentinel(), Services.Options.edges(2), "sentinel-")) {
      // given half the fleet on each edge, then replication cut and a fifth of the fleet moved
      // to the other edge: those takeovers exist only on the primary
      rig.connectAndSettle(i -> i % 2);
      RedisSentinelGroup group = rig.redis.deployment(RedisSentinelGroup.class);
      group.cutReplication();
      List<Device> toA = rig.fleet.devices().stream().filter(d -> isOdd(d)).limit(50).toList();
      List<Device> toB = rig.fleet.devices().stream().filter(d -> !isOdd(d)).limit(50).toList();
      rig.fleet.moveAllTo(0, toA);
      rig.fleet.moveAllTo(1, toB);
      assertThat(rig.exactness.await(Duration.ofSeconds(30)).exact()).isTrue();
      int eventsBefore = rig.events.events().size();
      long faultAt = System.nanoTime();

      // when the replica, which never saw them, is promoted
      group.failoverLosingWrites();
      Exactness.Outcome outcome = rig.exactness.await(EXACT_BOUND);

      // then
      List<Device.Close> closes = rig.fleet.closesSince(faultAt);
      List<String> fold = rig.foldDisagreements(Duration.ofSeconds(3));
      new FaultReport("sentinel-failover-losing-writes", Fleet.DEVICES)
          .put("takeoversLost", toA.size() + toB.size())
          .exactness(outcome)
          .closes(closes)
          .events(rig.events.counts(eventsBefore))
          .put("resetSeen", rig.events.sawReset())
          .put("sseResumes", rig.events.reconnects())
          .put("foldDisagreements", fold.size())
          .emit();
      assertThat(outcome.exact()).as("exact within %s: %s", EXACT_BOUND, outcome).isTrue();
      assertThat(rig.fleet.replacedWithoutNewer()).as("4001 with no newer connection").isEmpty();
      assertThat(closes).as("no live socket closed by the failover").isEmpty();
      assertFoldOrReset(rig, fold);
    }
  }

  private static boolean isOdd(Device d) {
    return Integer.parseInt(d.id().substring(d.id().indexOf('-') + 1)) % 2 == 1;
  }
}
