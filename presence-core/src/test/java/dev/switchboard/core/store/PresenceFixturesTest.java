package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.InstanceInfo;
import dev.switchboard.core.model.InstanceLease;
import dev.switchboard.core.model.Owner;
import dev.switchboard.core.testing.PresenceFixtures;
import dev.switchboard.testsupport.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test-jar's fixtures agree with the stores: what they write the stores read, and what the
 * stores write they see. Lives here for {@link StoreFixture}; the test-jar ships only the fixtures.
 */
class PresenceFixturesTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static RedisServer server;

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  @Test
  void anAgedLeaseIsAsOldAsAskedOnRedissClock() {
    try (StoreFixture f = new StoreFixture(server)) {
      // given
      PresenceFixtures presence = new PresenceFixtures(server, f.keys);
      f.registry.register(new InstanceInfo(StoreFixture.owner("i-1"), "test")).await().atMost(WAIT);

      // when
      presence.ageLease("i-1", 60_000);

      // then
      InstanceLease lease = f.registry.leasesOf(List.of("i-1")).await().atMost(WAIT).get("i-1");
      assertThat(lease.ageMs()).isBetween(60_000L, 61_000L);
      assertThat(presence.hasLease("i-1")).isTrue();
    }
  }

  @Test
  void backdatingNeverCreatesALease() {
    try (StoreFixture f = new StoreFixture(server)) {
      // given
      PresenceFixtures presence = new PresenceFixtures(server, f.keys);
      f.registry.register(new InstanceInfo(StoreFixture.owner("i-1"), "test")).await().atMost(WAIT);

      // when
      presence.backdateLeaseIfPresent("i-1", 1_000);
      presence.backdateLeaseIfPresent("i-gone", 1_000);

      // then
      Map<String, InstanceLease> leases =
          f.registry.leasesOf(List.of("i-1", "i-gone")).await().atMost(WAIT);
      assertThat(leases).containsOnlyKeys("i-1");
      assertThat(leases.get("i-1").heartbeatMs()).isEqualTo(1_000);
      assertThat(presence.hasLease("i-gone")).isFalse();
    }
  }

  @Test
  void aClaimedDeviceIsSeenInItsEntryAndIndexAndGoneAfterRelease() {
    try (StoreFixture f = new StoreFixture(server)) {
      // given
      PresenceFixtures presence = new PresenceFixtures(server, f.keys);
      Owner owner = StoreFixture.owner("i-1");
      f.index.add("i-1", "d-1").await().atMost(WAIT);
      f.store.claim(ClaimRequest.newest("d-1", "c-1", owner, "a")).await().atMost(WAIT);

      // then
      assertThat(presence.entryExists("d-1")).isTrue();
      assertThat(presence.indexHolds("i-1", "d-1")).isTrue();
      assertThat(presence.entryConn("d-1")).contains("c-1");
      assertThat(presence.entryInst("d-1")).contains("i-1");

      // when
      f.store.release("d-1", "c-1").await().atMost(WAIT);
      f.index.remove("i-1", "d-1").await().atMost(WAIT);

      // then
      assertThat(presence.entryExists("d-1")).isFalse();
      assertThat(presence.indexHolds("i-1", "d-1")).isFalse();
      assertThat(presence.entryConn("d-1")).isEmpty();
      assertThat(presence.entryInst("d-1")).isEmpty();
    }
  }
}
