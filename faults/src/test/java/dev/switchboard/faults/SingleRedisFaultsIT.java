package dev.switchboard.faults;

import static dev.switchboard.faults.harness.FastTimings.EXACT_BOUND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.faults.harness.Device;
import dev.switchboard.faults.harness.EventFold;
import dev.switchboard.faults.harness.Exactness;
import dev.switchboard.faults.harness.FastTimings;
import dev.switchboard.faults.harness.FaultReport;
import dev.switchboard.faults.harness.Fleet;
import dev.switchboard.faults.harness.RedisTopology;
import dev.switchboard.faults.harness.Rig;
import dev.switchboard.faults.harness.Services;
import dev.switchboard.testsupport.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Faults on one Redis server and on the edges in front of it. */
class SingleRedisFaultsIT {

  /**
   * How late a drained socket's reconnect frame may reach the client after the API already reads
   * the device offline: the edge queues the frame and releases the entry at the same moment, and on
   * this shared 2-core box a frame can wait behind the edge's other work.
   */
  private static final Duration NOTICE_LAG = Duration.ofSeconds(1);

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
          .put("sseResumes", rig.events.reconnects())
          .emit();
      assertThat(outcome.exact()).as("exact within %s: %s", EXACT_BOUND, outcome).isTrue();
      assertThat(rig.fleet.replacedWithoutNewer()).as("4001 with no newer connection").isEmpty();
      assertThat(closes).as("no live socket closed by the restore").isEmpty();
      assertFoldOrReset(rig, fold);
    }
  }

  @Test
  @DisplayName(
      "an edge stalled past the heartbeat timeout and the sweep threshold keeps its live sockets")
  void edgeStallLongerThanHeartbeatTimeoutKeepsLiveSockets() throws Exception {
    Duration stall =
        max(
                FastTimings.HEARTBEAT_TIMEOUT,
                FastTimings.LEASE_TTL
                    .plus(FastTimings.SWEEPER_GRACE)
                    .plus(FastTimings.SWEEPER_INTERVAL))
            .plusSeconds(2);
    try (Rig rig =
        Rig.start(RedisTopology.single(), Services.Options.edges(2).withSweeper(), "stall-")) {
      // given half the fleet on each edge, the sweeper looping
      rig.connectAndSettle(i -> i % 2);
      int eventsBefore = rig.events.events().size();
      long faultAt = System.nanoTime();

      // when edge-a is stopped (SIGSTOP) for longer than both, then continued
      rig.services.stall(rig.services.edge(0));
      Thread.sleep(stall.toMillis());
      Map<String, Integer> duringStall = rig.events.counts(eventsBefore);
      rig.services.resume(rig.services.edge(0));
      Exactness.Outcome outcome = rig.exactness.await(EXACT_BOUND);

      // then
      List<Device.Close> closes = rig.fleet.closesSince(faultAt);
      List<String> fold = rig.foldDisagreements(Duration.ofSeconds(3));
      new FaultReport("edge-stall", Fleet.DEVICES)
          .put("stallMs", stall.toMillis())
          .exactness(outcome)
          .closes(closes)
          .events(rig.events.counts(eventsBefore))
          .put("resetSeen", rig.events.sawReset())
          .put("sseResumes", rig.events.reconnects())
          .put("foldDisagreements", fold.size())
          .emit();
      assertThat(duringStall.getOrDefault("swept", 0))
          .as("the sweeper swept the stalled edge's entries (the stall passed the threshold)")
          .isPositive();
      assertThat(closes)
          .as("no live socket closed, by the stalled edge or anyone: %s", first(closes))
          .isEmpty();
      assertThat(outcome.exact()).as("exact within %s: %s", EXACT_BOUND, outcome).isTrue();
      assertThat(rig.fleet.replacedWithoutNewer()).as("4001 with no newer connection").isEmpty();
      assertFoldOrReset(rig, fold);
    }
  }

  @Test
  @DisplayName("P5/P8: a drain longer than the lease keeps every not-yet-drained device online")
  void drainLongerThanLeaseKeepsDevicesOnline() throws Exception {
    Duration window = FastTimings.LEASE_TTL.multipliedBy(2);
    Services.Options options =
        Services.Options.edges(2)
            .withEdge(Map.of("switchboard.edge.drain.window", FastTimings.millis(window)));
    try (Rig rig = Rig.start(RedisTopology.single(), options, "drain-")) {
      // given half the fleet on each edge
      rig.connectAndSettle(i -> i % 2);
      int eventsBefore = rig.events.events().size();
      long faultAt = System.nanoTime();
      Services.Edge draining = rig.services.edge(0);

      // when edge-a gets SIGTERM, and while it drains
      rig.fleet.markDown(0);
      rig.services.terminate(draining);
      int samples = 0;
      List<Suspect> suspects = new java.util.ArrayList<>();
      while (draining.app().process.isAlive()
          && System.nanoTime() - faultAt < window.plusSeconds(20).toNanos()) {
        suspects.addAll(sampleDrain(rig));
        samples++;
        Thread.sleep(200);
      }
      boolean exited = !draining.app().process.isAlive();
      int exitCode = exited ? draining.app().process.exitValue() : -1;
      Exactness.Outcome outcome = rig.exactness.await(EXACT_BOUND);

      // then
      long maxLag = suspects.stream().mapToLong(Suspect::noticeLagMs).max().orElse(0);
      List<String> offlineWhileHeld =
          suspects.stream()
              .filter(s -> s.noticeLagMs() < 0 || s.noticeLagMs() > NOTICE_LAG.toMillis())
              .map(s -> s.device().id() + " " + s.read() + " notice lag " + s.noticeLagMs() + " ms")
              .toList();
      List<Device.Close> closes = rig.fleet.closesSince(faultAt);
      List<String> fold = rig.foldDisagreements(Duration.ofSeconds(3));
      new FaultReport("drain-longer-than-lease", Fleet.DEVICES)
          .put("drainWindowMs", window.toMillis())
          .put("samples", samples)
          .put("offlineReadsBeforeNotice", suspects.size())
          .put("maxNoticeLagMs", maxLag)
          .put("offlineWhileHeld", offlineWhileHeld.size())
          .put("closesWithoutReconnectHint", closes.stream().filter(c -> !c.drainNotice()).count())
          .put("exitCode", exitCode)
          .exactness(outcome)
          .closes(closes)
          .events(rig.events.counts(eventsBefore))
          .put("resetSeen", rig.events.sawReset())
          .put("sseResumes", rig.events.reconnects())
          .put("foldDisagreements", fold.size())
          .emit();
      assertThat(exited && exitCode == 0).as("edge-a drained and exited 0").isTrue();
      assertThat(samples).as("the drain was sampled while it ran").isGreaterThan(5);
      assertThat(offlineWhileHeld)
          .as(
              "devices read offline while their socket was not drained (no reconnect frame"
                  + " within %s of the answer): %s",
              NOTICE_LAG, offlineWhileHeld)
          .isEmpty();
      assertThat(closes)
          .as("only drain closes (1001 after a reconnect hint), on edge-a")
          .allMatch(c -> c.edge() == 0 && c.code() == 1001 && c.drainNotice());
      assertThat(outcome.exact()).as("exact within %s: %s", EXACT_BOUND, outcome).isTrue();
      assertThat(rig.fleet.replacedWithoutNewer()).as("4001 with no newer connection").isEmpty();
      assertFoldOrReset(rig, fold);
    }
  }

  /**
   * A device that read offline while the client held its edge-a socket with no word of the drain
   * yet, and when the lookup answered.
   */
  private record Suspect(Device device, Device.Held held, long answeredAt, String read) {

    /** Milliseconds from the answer until the client heard its socket ends, or -1 if never. */
    long noticeLagMs() {
      return device
          .endNoticedAt(held.conn())
          .map(at -> Math.max(0, (at - answeredAt) / 1_000_000))
          .orElse(-1L);
    }
  }

  /**
   * One look at the devices edge-a still holds and has not told to reconnect. The edge queues the
   * reconnect frame and then releases, concurrently: a device read offline is judged later, by how
   * long its frame (or close) took to arrive after the answer.
   */
  private static List<Suspect> sampleDrain(Rig rig) throws Exception {
    List<Device> candidates =
        rig.fleet.devices().stream()
            .filter(d -> !d.draining() && d.held().map(h -> h.edge() == 0).orElse(false))
            .toList();
    if (candidates.isEmpty()) {
      return List.of();
    }
    var before = candidates.stream().map(Device::held).toList();
    var read = rig.api().lookup(candidates.stream().map(Device::id).toList());
    long answeredAt = System.nanoTime();
    List<Suspect> suspects = new java.util.ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      if (!read.get(i).getBoolean("online", false) && before.get(i).isPresent()) {
        suspects.add(
            new Suspect(candidates.get(i), before.get(i).get(), answeredAt, read.get(i).encode()));
      }
    }
    return suspects;
  }

  @Test
  @DisplayName("a Redis restarted empty: every device's repair appears in the event stream")
  void repairsAppearInTheEventStream() throws Exception {
    try (Rig rig = Rig.start(RedisTopology.single(), Services.Options.edges(2), "repair-")) {
      // given half the fleet on each edge
      rig.connectAndSettle(i -> i % 2);
      int eventsBefore = rig.events.events().size();
      long faultAt = System.nanoTime();

      // when Redis restarts with nothing
      rig.redis.deployment(RedisServer.class).restart();
      Exactness.Outcome outcome = rig.exactness.await(EXACT_BOUND);

      // then the recreated stream holds a repair for every device (read from its start), and the
      // reader that was open across the restart saw them all or was told it missed some
      Set<String> unrepairedInStream;
      try (EventFold replay = EventFold.open(rig.api(), Optional.of("0-0"))) {
        unrepairedInStream = awaitRepairs(rig, replay);
      }
      Set<String> unrepairedLive = awaitRepairs(rig, rig.events);
      List<Device.Close> closes = rig.fleet.closesSince(faultAt);
      List<String> fold = rig.foldDisagreements(Duration.ofSeconds(3));
      new FaultReport("redis-restarted-empty", Fleet.DEVICES)
          .exactness(outcome)
          .closes(closes)
          .events(rig.events.counts(eventsBefore))
          .put("unrepairedInStream", unrepairedInStream.size())
          .put("unrepairedSeenByLiveReader", unrepairedLive.size())
          .put("resetSeen", rig.events.sawReset())
          .put("sseResumes", rig.events.reconnects())
          .put("foldDisagreements", fold.size())
          .emit();
      assertThat(unrepairedInStream)
          .as("devices with no online/repaired event in the stream (%d)", unrepairedInStream.size())
          .isEmpty();
      if (!rig.events.sawReset()) {
        assertThat(unrepairedLive).as("repairs the live reader missed without a reset").isEmpty();
      }
      assertThat(outcome.exact()).as("exact within %s: %s", EXACT_BOUND, outcome).isTrue();
      assertThat(closes).as("no live socket closed by the restart").isEmpty();
      assertFoldOrReset(rig, fold);
    }
  }

  private static Set<String> awaitRepairs(Rig rig, EventFold reader) throws InterruptedException {
    long deadline = System.nanoTime() + EXACT_BOUND.toNanos();
    while (true) {
      Set<String> repaired = reader.repaired();
      Set<String> missing =
          rig.fleet.ids().stream().filter(id -> !repaired.contains(id)).collect(Collectors.toSet());
      if (missing.isEmpty() || System.nanoTime() > deadline) {
        return missing;
      }
      Thread.sleep(250);
    }
  }

  @Test
  @DisplayName("an SSE client resuming from a trimmed id gets a reset first, then the stream")
  void resumeFromTrimmedIdSendsReset() throws Exception {
    Services.Options options =
        Services.Options.edges(2).withShared(Map.of("switchboard.events.max-length", "100"));
    try (Rig rig = Rig.start(RedisTopology.single(), options, "trim-")) {
      // given the fleet's connects pushed the first events out of a stream capped at ~100
      rig.connectAndSettle(i -> i % 2);
      String firstId = rig.events.events().get(0).id();

      // when a client resumes from that id, and a device disconnects afterwards
      try (EventFold resumed = EventFold.open(rig.api(), Optional.of(firstId));
          EventFold garbled = EventFold.open(rig.api(), Optional.of("not-a-stream-id"))) {
        Device leaving = rig.fleet.devices().get(0);
        leaving.stop();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (resumed.events().stream().noneMatch(e -> isOfflineOf(e, leaving))
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }

        // then
        List<EventFold.Event> got = resumed.events();
        new FaultReport("resume-from-trimmed-id", Fleet.DEVICES)
            .put("resumedFrom", firstId)
            .put("firstEvent", got.isEmpty() ? "none" : got.get(0).name())
            .put("eventsAfterReset", got.size() - 1)
            .emit();
        assertThat(got).as("events after resuming from %s", firstId).isNotEmpty();
        assertThat(got.get(0).name()).as("first event: %s", got.get(0)).isEqualTo("reset");
        assertThat(got.stream().filter(e -> e.name().equals("reset"))).hasSize(1);
        assertThat(got)
            .as("the stream goes on after the reset")
            .anyMatch(e -> isOfflineOf(e, leaving));
        assertThat(garbled.events()).isNotEmpty();
        assertThat(garbled.events().get(0).name()).isEqualTo("reset");
      }
    }
  }

  private static boolean isOfflineOf(EventFold.Event e, Device device) {
    return e.name().equals("offline") && device.id().equals(e.data().getString("device"));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Object first(List<Device.Close> closes) {
    return closes.stream().limit(5).toList();
  }

  static void assertFoldOrReset(Rig rig, List<String> disagreements) {
    if (!rig.events.sawReset()) {
      assertThat(disagreements)
          .as("no reset was sent, so folding the stream gives the API's state")
          .isEmpty();
    }
  }
}
