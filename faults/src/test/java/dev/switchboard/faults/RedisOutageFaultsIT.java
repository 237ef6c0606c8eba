package dev.switchboard.faults;

import static dev.switchboard.faults.SingleRedisFaultsIT.assertFoldOrReset;
import static dev.switchboard.faults.harness.FastTimings.EXACT_BOUND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.faults.harness.Device;
import dev.switchboard.faults.harness.Exactness;
import dev.switchboard.faults.harness.FastTimings;
import dev.switchboard.faults.harness.FaultReport;
import dev.switchboard.faults.harness.Fleet;
import dev.switchboard.faults.harness.RedisTopology;
import dev.switchboard.faults.harness.Rig;
import dev.switchboard.faults.harness.Services;
import dev.switchboard.testsupport.RedisServer;
import dev.switchboard.testsupport.TcpProxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One edge losing Redis (a blackhole), and Redis dying in the middle of a reconnect storm. */
class RedisOutageFaultsIT {

  @Test
  @DisplayName(
      "an edge blackholed from Redis past the lease and the sweep keeps its sockets and ends exact")
  void edgeRedisBlackholeLongerThanLeaseEndsExact() throws Exception {
    RedisServer server = RedisServer.start();
    TcpProxy proxy = TcpProxy.to(server);
    Duration blackhole =
        FastTimings.LEASE_TTL
            .plus(FastTimings.SWEEPER_GRACE)
            .plus(FastTimings.SWEEPER_INTERVAL)
            .plusSeconds(2);
    Services.Options options =
        Services.Options.edges(2)
            .withSweeper()
            .withEdgeAt(0, Map.of("quarkus.redis.hosts", proxy.url()));
    try (proxy;
        Rig rig = Rig.start(RedisTopology.single(server, server.url()), options, "hole-")) {
      // given half the fleet on each edge; edge-a reaches Redis through the proxy
      rig.connectAndSettle(i -> i % 2);
      int eventsBefore = rig.events.events().size();
      long faultAt = System.nanoTime();

      // when edge-a's Redis traffic goes into a blackhole for longer than lease and sweep, then
      // flows again
      proxy.freeze();
      Thread.sleep(blackhole.toMillis());
      Map<String, Integer> during = rig.events.counts(eventsBefore);
      proxy.thaw();
      Exactness.Outcome outcome = rig.exactness.await(EXACT_BOUND);

      // then
      List<Device.Close> closes = rig.fleet.closesSince(faultAt);
      List<String> fold = rig.foldDisagreements(Duration.ofSeconds(3));
      new FaultReport("edge-redis-blackhole", Fleet.DEVICES)
          .put("blackholeMs", blackhole.toMillis())
          .exactness(outcome)
          .closes(closes)
          .events(rig.events.counts(eventsBefore))
          .put("resetSeen", rig.events.sawReset())
          .put("sseResumes", rig.events.reconnects())
          .put("foldDisagreements", fold.size())
          .emit();
      assertThat(during.getOrDefault("swept", 0))
          .as("the sweeper swept edge-a's entries during the blackhole")
          .isPositive();
      assertThat(closes)
          .as("no live socket closed: %s", closes.stream().limit(5).toList())
          .isEmpty();
      assertThat(outcome.exact()).as("exact within %s: %s", EXACT_BOUND, outcome).isTrue();
      assertThat(rig.fleet.replacedWithoutNewer()).as("4001 with no newer connection").isEmpty();
      assertFoldOrReset(rig, fold);
    }
  }

  @Test
  @DisplayName("Redis killed in the middle of a takeover storm, restarted empty: ends exact")
  void redisKilledDuringReconnectStormEndsExact() throws Exception {
    try (Rig rig = Rig.start(RedisTopology.single(), Services.Options.edges(2), "storm-")) {
      // given half the fleet on each edge
      rig.connectAndSettle(i -> i % 2);
      int eventsBefore = rig.events.events().size();
      long faultAt = System.nanoTime();
      RedisServer redis = rig.redis.deployment(RedisServer.class);

      // when every device opens a socket to the other edge at once, Redis is killed in the middle
      // of the storm and comes back empty two seconds later
      for (int i = 0; i < rig.fleet.devices().size(); i++) {
        rig.fleet.devices().get(i).connect(1 - i % 2);
      }
      Thread.sleep(50);
      redis.kill();
      Thread.sleep(2_000);
      redis.restart();
      Exactness.Outcome outcome = rig.exactness.await(EXACT_BOUND);

      // then
      List<Device.Close> closes = rig.fleet.closesSince(faultAt);
      List<String> fold = rig.foldDisagreements(Duration.ofSeconds(3));
      new FaultReport("redis-killed-during-storm", Fleet.DEVICES)
          .exactness(outcome)
          .closes(closes)
          .events(rig.events.counts(eventsBefore))
          .put("resetSeen", rig.events.sawReset())
          .put("sseResumes", rig.events.reconnects())
          .put("foldDisagreements", fold.size())
          .emit();
      assertThat(outcome.exact()).as("exact within %s: %s", EXACT_BOUND, outcome).isTrue();
      assertThat(rig.fleet.replacedWithoutNewer())
          .as("4001 with no newer connection: %s", rig.fleet.replacedWithoutNewer())
          .isEmpty();
      // an older socket whose kick was lost with the data is told within the bound too: a
      // re-assert or a re-sent kick closes it (a kick nobody received is retried while the holder's
      // edge re-subscribes), so no device keeps two live sockets
      long deadline = System.nanoTime() + EXACT_BOUND.toNanos();
      while (System.nanoTime() < deadline
          && !rig.fleet.devices().stream().allMatch(d -> d.openWelcomed() == 1)) {
        Thread.sleep(100);
      }
      assertThat(rig.fleet.devices())
          .as("one welcomed socket per device within %s", EXACT_BOUND)
          .allMatch(d -> d.openWelcomed() == 1);
      assertFoldOrReset(rig, fold);
    }
  }

  @Test
  @DisplayName(
      "P2: after data loss, the older connection reclaiming first does not replace the newer one")
  void olderConnectionReclaimingFirstAfterDataLossDoesNotReplaceTheNewer() throws Exception {
    RedisServer server = RedisServer.start();
    TcpProxy toA = TcpProxy.to(server);
    TcpProxy toB = TcpProxy.to(server);
    Services.Options options =
        Services.Options.edges(2)
            .withEdgeAt(0, Map.of("quarkus.redis.hosts", toA.url()))
            .withEdgeAt(1, Map.of("quarkus.redis.hosts", toB.url()));
    try (toA;
        toB;
        Rig rig = Rig.start(RedisTopology.single(server, server.url()), options, "order-")) {
      // given every device on edge-b, then edge-b cut from Redis (its inbox too), and a fifth
      // of the devices taking over to edge-a: the kicks reach nobody, so their older sockets stay
      // open
      rig.connectAndSettle(i -> 1);
      cut(toB);
      List<Device> moved = rig.fleet.devices().subList(0, Fleet.DEVICES / 5);
      moved.forEach(d -> d.connect(0));
      rig.fleet.awaitAll(
          "every moved device welcomed on edge-a",
          d -> !moved.contains(d) || d.held().map(h -> h.edge() == 0).orElse(false),
          Duration.ofSeconds(60));
      long faultAt = System.nanoTime();

      // when Redis loses everything, edge-b (the older sockets) comes back first and edge-a
      // (the newer ones) two seconds later
      cut(toA);
      server.restart();
      toB.refuseNew(false);
      Thread.sleep(2_000);
      toA.refuseNew(false);
      Exactness.Outcome outcome = rig.exactness.await(EXACT_BOUND);

      // then the moved devices keep their newer sockets; the older ones are the ones replaced
      List<Device.Close> closes = rig.fleet.closesSince(faultAt);
      List<Device.Close> newerReplaced = rig.fleet.replacedWithoutNewer();
      new FaultReport("older-reclaims-first-after-data-loss", Fleet.DEVICES)
          .exactness(outcome)
          .closes(closes)
          .put("newerReplaced", newerReplaced.size())
          .put("moved", moved.size())
          .put(
              "movedOnEdgeA",
              moved.stream().filter(d -> d.held().map(h -> h.edge() == 0).orElse(false)).count())
          .emit();
      assertThat(newerReplaced)
          .as(
              "4001 on the newest connection (%d): %s",
              newerReplaced.size(), newerReplaced.stream().limit(3).toList())
          .isEmpty();
      assertThat(moved)
          .as("every moved device ends on its newer socket, on edge-a")
          .allMatch(d -> d.held().map(h -> h.edge() == 0).orElse(false));
      assertThat(outcome.exact()).as("exact within %s: %s", EXACT_BOUND, outcome).isTrue();
    }
  }

  /** Resets every connection through the proxy and refuses new ones: Redis is gone for it. */
  private static void cut(TcpProxy proxy) {
    proxy.refuseNew(true);
    proxy.dropAll();
  }
}
