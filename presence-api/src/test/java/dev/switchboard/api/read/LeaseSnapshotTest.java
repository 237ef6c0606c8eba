package dev.switchboard.api.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.InstanceLease;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseSnapshotTest {

  private static final long MS = 1_000_000;

  @Test
  void leaseAgesWithTheLocalClockSoASilentInstanceStillExpiresOnTime() {
    // given: edge-a renewed 10 s before the snapshot (Redis time 100 s), TTL 15 s
    LeaseSnapshot snapshot = LeaseSnapshot.of(List.of(new InstanceLease("a", 90_000, 100_000)), 0);

    // when / then: vouched for 4 s later; 6 s later it looks expired, so it is left to Redis
    assertThat(snapshot.freshLeasesOf(List.of("a"), 15_000, 4_000 * MS).get("a").ageMs())
        .isEqualTo(14_000);
    assertThat(snapshot.freshLeasesOf(List.of("a"), 15_000, 6_000 * MS)).isEmpty();
  }

  @Test
  void aLeaseThatLooksExpiredIsNeverVouchedForBecauseTheSnapshotMayLag() {
    // given: the snapshot saw a 14 s old heartbeat; the edge may have renewed since
    LeaseSnapshot snapshot = LeaseSnapshot.of(List.of(new InstanceLease("a", 86_000, 100_000)), 0);

    // when / then: 2 s later it would read 16 s old; the caller must ask Redis instead
    assertThat(snapshot.freshLeasesOf(List.of("a"), 15_000, 2_000 * MS)).doesNotContainKey("a");
  }

  @Test
  void instancesRegisteredSinceAreLeftToTheCaller() {
    LeaseSnapshot snapshot = LeaseSnapshot.of(List.of(new InstanceLease("a", 1, 2)), 0);
    assertThat(snapshot.freshLeasesOf(List.of("a", "b"), 15_000, 0)).containsOnlyKeys("a");
  }

  @Test
  void anOldOrMissingSnapshotIsNotTrusted() {
    LeaseSnapshot snapshot = LeaseSnapshot.of(List.of(), 0);
    assertThat(snapshot.isOlderThan(2_000, 1_000 * MS)).isFalse();
    assertThat(snapshot.isOlderThan(2_000, 3_000 * MS)).isTrue();
    assertThat(LeaseSnapshot.EMPTY.isOlderThan(2_000, 0)).isTrue();
  }
}
