package dev.switchboard.faults;

import static dev.switchboard.faults.harness.FastTimings.EXACT_BOUND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.faults.harness.Device;
import dev.switchboard.faults.harness.Exactness;
import dev.switchboard.faults.harness.FaultReport;
import dev.switchboard.faults.harness.Fleet;
import dev.switchboard.faults.harness.RedisTopology;
import dev.switchboard.faults.harness.Rig;
import dev.switchboard.faults.harness.Services;
import dev.switchboard.testsupport.RedisServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Faults on one Redis server and on the edges in front of it. */
class SingleRedisFaultsIT {

  @Test
  @DisplayName(
      "P2: a restored older snapshot never replaces a live newer connection; the API ends exact")
  void restoredOlderSnapshotNeverReplacesALiveNewerConnection() throws Exception {
    try (Rig rig = Rig.start(RedisTopology.single(), Services.Options.edges(2), "restore-")) {
      // given every device connected to edge-a, a snapshot, then every device moved to edge-b
      rig.connectAndSettle(i -> 0);
      RedisServer redis = rig.redis.deployment(RedisServer.class);
      redis.snapshot();
      rig.fleet.moveAllTo(1, rig.fleet.devices());
      assertThat(rig.exactness.await(Duration.ofSeconds(30)).exact()).isTrue();
      int eventsBefore = rig.events.events().size();
      long faultAt = System.nanoTime();

      // when Redis comes back from the snapshot: every entry names edge-a's older connection
      redis.restoreSnapshot();
      Exactness.Outcome outcome = rig.exactness.await(EXACT_BOUND);

      // then
      List<Device.Close> closes = rig.fleet.closesSince(faultAt);
      List<String> fold = rig.foldDisagreements(Duration.ofSeconds(3));
      new FaultReport("restore-older-snapshot", Fleet.DEVICES)
          .exactness(outcome)
          .closes(closes)
          .events(rig.events.counts(eventsBefore))
          .put("resetSeen", rig.events.sawReset())
          .emit();
      assertThat(outcome.exact()).as("exact within %s: %s", EXACT_BOUND, outcome).isTrue();
      assertThat(rig.fleet.replacedWithoutNewer()).as("4001 with no newer connection").isEmpty();
      assertThat(closes).as("no live socket closed by the restore").isEmpty();
      assertFoldOrReset(rig, fold);
    }
  }

  static void assertFoldOrReset(Rig rig, List<String> disagreements) {
    if (!rig.events.sawReset()) {
      assertThat(disagreements)
          .as("no reset was sent, so folding the stream gives the API's state")
          .isEmpty();
    }
  }
}
