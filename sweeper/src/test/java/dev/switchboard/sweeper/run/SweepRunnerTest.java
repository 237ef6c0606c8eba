package dev.switchboard.sweeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.EventType;
import dev.switchboard.core.model.InstanceInfo;
import dev.switchboard.core.model.Owner;
import dev.switchboard.core.model.PresenceEntry;
import dev.switchboard.core.model.StoredEvent;
import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.store.DeviceIndex;
import dev.switchboard.core.store.EventLog;
import dev.switchboard.core.store.InstanceRegistry;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.core.store.SweeperReports;
import dev.switchboard.core.testing.PresenceFixtures;
import dev.switchboard.sweeper.verdict.Verdict;
import dev.switchboard.testsupport.InjectRedis;
import dev.switchboard.testsupport.RedisServer;
import dev.switchboard.testsupport.RedisTestResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sweeper against the Fabric8 mock API server (CRUD mode) and a real redis-server. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(RedisTestResource.class)
class SweepRunnerTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String NS = "test";

  @KubernetesTestServer KubernetesServer mockServer;
  @Inject KubernetesClient kube;
  @Inject SweepRunner sweeper;
  @Inject PresenceStore store;
  @Inject InstanceRegistry registry;
  @Inject DeviceIndex index;
  @Inject EventLog events;
  @Inject PresenceKeys keys;
  @Inject SweeperReports reports;
  @InjectRedis RedisServer redis;

  private PresenceFixtures presence;

  @BeforeEach
  void cleanSlate() {
    presence = new PresenceFixtures(redis, keys);
    redis.flushAll();
    kube.pods().inNamespace(NS).delete();
    kube.nodes().delete();
  }

  // --- helpers: a simulated edge instance, its pod, its devices ---

  private Owner owner(String inst, String pod, String uid) {
    return new Owner(inst, pod, uid, "node-1");
  }

  /** Registers an instance whose last heartbeat was {@code ageMs} ago (Redis clock). */
  private void instance(Owner owner, long ageMs) {
    registry.register(new InstanceInfo(owner, "test")).await().atMost(WAIT);
    presence.ageLease(owner.inst(), ageMs);
  }

  private List<String> devices(Owner owner, String prefix, int count) {
    List<String> devices = IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    index.addAll(owner.inst(), devices).await().atMost(WAIT);
    for (String d : devices) {
      store.claim(ClaimRequest.newest(d, "conn-" + d, owner, "a")).await().atMost(WAIT);
    }
    return devices;
  }

  /** Creates an edge pod; returns the UID the API server gave it (CRUD mode assigns its own). */
  private String pod(String name, String uid, String phase) {
    return pod(name, uid, phase, "edge");
  }

  /** Creates a pod labelled {@code app=<app>}: another value than "edge" escapes the selector. */
  private String pod(String name, String uid, String phase, String app) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .withUid(uid)
            .addToLabels("app", app)
            .endMetadata()
            .withNewSpec()
            .withNodeName("node-1")
            .endSpec()
            .withNewStatus()
            .withPhase(phase)
            .endStatus()
            .build();
    return kube.pods().inNamespace(NS).resource(pod).create().getMetadata().getUid();
  }

  private Optional<PresenceEntry> entry(String device) {
    return store.entry(device).await().atMost(WAIT);
  }

  private long present(List<String> devices) {
    return store.entries(devices).await().atMost(WAIT).stream().filter(Optional::isPresent).count();
  }

  // --- the field failure: a killed pod's entries stay forever ---

  @Test
  @DisplayName("P8: a killed pod's entries are swept and live pods' entries are untouched")
  void killedPodsEntriesAreSweptAndLivePodsAreUntouched() {
    // given: edge-a runs and heartbeats; edge-b was killed (gone from the API), its lease expired
    Owner live = owner("i-a", "edge-a", pod("edge-a", "uid-a", "Running"));
    Owner dead = owner("i-b", "edge-b", "uid-b");
    instance(live, 1_000);
    instance(dead, 60_000);
    List<String> liveDevices = devices(live, "a", 50);
    List<String> deadDevices = devices(dead, "b", 250);

    // when
    SweepReport report = sweeper.runOnce(false);

    // then
    assertThat(report.ok()).isTrue();
    assertThat(report.entriesSwept()).isEqualTo(250);
    assertThat(report.instancesRemoved()).containsExactly("i-b");
    assertThat(present(deadDevices)).isZero();
    assertThat(present(liveDevices)).isEqualTo(50);
    assertThat(registry.record("i-b").await().atMost(WAIT)).isEmpty();
    assertThat(registry.record("i-a").await().atMost(WAIT)).isPresent();
    List<StoredEvent> swept =
        events.readAfter("0", 10_000).await().atMost(WAIT).stream()
            .filter(e -> e.event().type() == EventType.SWEPT)
            .toList();
    assertThat(swept)
        .hasSize(250)
        .allMatch(e -> e.event().inst().equals("i-b") && e.event().pod().equals("edge-b"));
  }

  @Test
  @DisplayName("P8: a container restart sweeps only the old instance")
  void containerRestartSweepsOnlyTheOldInstance() {
    // given: one pod, its container restarted: the old instance is silent, the new one heartbeats
    String uid = pod("edge-0", "uid-0", "Running");
    Owner old = owner("i-old", "edge-0", uid);
    Owner restarted = owner("i-new", "edge-0", uid);
    instance(old, 30_000);
    instance(restarted, 500);
    List<String> oldOnly = devices(old, "o", 20);
    List<String> reconnected = devices(restarted, "r", 20);

    // when
    SweepReport report = sweeper.runOnce(false);

    // then
    assertThat(report.verdicts())
        .singleElement()
        .extracting(Verdict::kind)
        .isEqualTo(Verdict.Kind.RESTARTED);
    assertThat(present(oldOnly)).isZero();
    assertThat(present(reconnected)).isEqualTo(20);
  }

  @Test
  @DisplayName("P8: a StatefulSet pod name reused with a new UID sweeps the old owner")
  void statefulSetNameReuseWithNewUidSweepsOldOwner() {
    // given: edge-0 was replaced by a new pod with the same name and another UID
    String newUid = pod("edge-0", "uid-NEW", "Running");
    Owner old = owner("i-old", "edge-0", "uid-OLD");
    instance(old, 30_000);
    List<String> devices = devices(old, "s", 10);

    // when
    SweepReport report = sweeper.runOnce(false);

    // then
    assertThat(report.verdicts())
        .singleElement()
        .satisfies(v -> assertThat(v.reason()).contains(newUid));
    assertThat(present(devices)).isZero();
  }

  @Test
  @DisplayName("P8: a sweep skips devices that reconnected to a live instance")
  void sweepSkipsDevicesThatReconnectedToALiveInstance() {
    // given: a dead instance's device reconnected elsewhere before the sweep
    Owner dead = owner("i-dead", "edge-gone", "uid-gone");
    Owner live = owner("i-live", "edge-a", pod("edge-a", "uid-a", "Running"));
    instance(dead, 60_000);
    instance(live, 100);
    devices(dead, "m", 5);
    store.claim(ClaimRequest.newest("m-3", "new-conn", live, "a")).await().atMost(WAIT);

    // when
    SweepReport report = sweeper.runOnce(false);

    // then
    assertThat(report.entriesSwept()).isEqualTo(4);
    assertThat(report.entriesKept()).isEqualTo(1);
    assertThat(entry("m-3").orElseThrow().conn()).isEqualTo("new-conn");
  }

  private List<StoredEvent> sweptEvents() {
    return events.readAfter("0", 10_000).await().atMost(WAIT).stream()
        .filter(e -> e.event().type() == EventType.SWEPT)
        .toList();
  }

  // --- fencing: an edge that comes back between the verdict and the sweep ---

  @Test
  @DisplayName("P8: a sweep racing an edge that comes back deletes nothing live")
  void sweepRacingAReturningEdgeDeletesNothingLive() {
    // given: edge-0 runs, but its instance paused past the suspect timeout: judged unresponsive
    Owner paused = owner("i-back", "edge-0", pod("edge-0", "uid-0", "Running"));
    instance(paused, 400_000);
    List<String> devices = devices(paused, "p", 10);
    SweepRunner.Plan plan = sweeper.plan();

    // when: the edge resumes between the verdict and the sweep (heartbeat, one device taken back)
    registry.renew("i-back").await().atMost(WAIT);
    store.claim(ClaimRequest.newest("p-3", "conn-back", paused, "a")).await().atMost(WAIT);
    SweepReport report = sweeper.runPlanned(plan, false);

    // then: the verdict was to sweep, yet its lease, record and entries survive
    assertThat(report.count(Verdict.Kind.UNRESPONSIVE)).isEqualTo(1);
    assertThat(report.entriesSwept()).isZero();
    assertThat(report.instancesRemoved()).isEmpty();
    assertThat(present(devices)).isEqualTo(10);
    assertThat(entry("p-3").orElseThrow().conn()).isEqualTo("conn-back");
    assertThat(registry.record("i-back").await().atMost(WAIT)).isPresent();
    assertThat(registry.leasesOf(List.of("i-back")).await().atMost(WAIT).get("i-back"))
        .satisfies(l -> assertThat(l.isFresh(15_000)).isTrue());
    assertThat(sweptEvents()).isEmpty();
  }

  // --- a selector or namespace that shows none of the live instances' pods ---

  @Test
  @DisplayName("P8: a pod list matching no live instance's pod aborts the run")
  void podListMatchingNoLiveInstanceAbortsTheRun() {
    // given: both pods run, but under a label the selector (app=edge) misses
    Owner live = owner("i-live", "edge-a", pod("edge-a", "uid-a", "Running", "other"));
    Owner quiet = owner("i-quiet", "edge-b", pod("edge-b", "uid-b", "Running", "other"));
    instance(live, 1_000);
    instance(quiet, 20_000);
    List<String> devices = devices(quiet, "w", 5);

    // when
    SweepReport report = sweeper.runOnce(false);

    // then: without the check, edge-b reads "not found" and is swept without the suspect wait
    assertThat(report.ok()).isFalse();
    assertThat(report.abort())
        .hasValueSatisfying(
            a -> assertThat(a.source()).isEqualTo(SweepReport.Abort.Source.POD_SELECTOR));
    assertThat(present(devices)).isEqualTo(5);
    assertThat(registry.record("i-quiet").await().atMost(WAIT)).isPresent();
  }

  // --- leftovers of an unregister whose releases failed ---

  @Test
  @DisplayName("P8: entries left by a drain whose releases failed are swept")
  void entriesLeftByADrainWhoseReleasesFailedAreSwept() {
    // given: an edge drained; three releases went through, two failed; then it unregistered
    Owner drained = owner("i-drained", "edge-gone", "uid-gone");
    instance(drained, 1_000);
    List<String> devices = devices(drained, "l", 5);
    for (String released : devices.subList(0, 3)) {
      store.release(released, "conn-" + released).await().atMost(WAIT);
      index.remove("i-drained", released).await().atMost(WAIT);
    }
    registry.unregister("i-drained").await().atMost(WAIT);
    // time passes: whatever lease is left is now past TTL + grace (never creates one)
    presence.backdateLeaseIfPresent("i-drained", 1000);

    // when
    SweepReport report = sweeper.runOnce(false);

    // then
    assertThat(present(devices)).isZero();
    assertThat(report.entriesSwept()).isEqualTo(2);
    assertThat(report.instancesRemoved()).containsExactly("i-drained");
    assertThat(index.size("i-drained").await().atMost(WAIT)).isZero();
  }

  @Test
  void suspectInstanceOnARunningPodIsKept() {
    // given
    Owner quiet = owner("i-quiet", "edge-0", pod("edge-0", "uid-0", "Running"));
    instance(quiet, 20_000);
    List<String> devices = devices(quiet, "q", 5);

    // when
    SweepReport report = sweeper.runOnce(false);

    // then
    assertThat(report.count(Verdict.Kind.SUSPECT)).isEqualTo(1);
    assertThat(present(devices)).isEqualTo(5);
    assertThat(registry.record("i-quiet").await().atMost(WAIT)).isPresent();
  }

  @Test
  @DisplayName("P8: a pod on an unreachable node is swept")
  void podOnAnUnreachableNodeIsSwept() {
    // given
    String uid = pod("edge-0", "uid-0", "Running");
    kube.nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("node-1")
                .endMetadata()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus("Unknown")
                .endCondition()
                .endStatus()
                .build())
        .create();
    Owner lost = owner("i-lost", "edge-0", uid);
    instance(lost, 20_000);
    List<String> devices = devices(lost, "n", 5);

    // when
    SweepReport report = sweeper.runOnce(false);

    // then
    assertThat(report.count(Verdict.Kind.DEAD)).isEqualTo(1);
    assertThat(present(devices)).isZero();
  }

  @Test
  void dryRunDeletesNothing() {
    // given
    Owner dead = owner("i-dry", "edge-gone", "uid-gone");
    instance(dead, 60_000);
    List<String> devices = devices(dead, "d", 30);

    // when
    SweepReport report = sweeper.runOnce(true);

    // then
    assertThat(report.dryRun()).isTrue();
    assertThat(report.count(Verdict.Kind.DEAD)).isEqualTo(1);
    assertThat(report.entriesSwept()).isZero();
    assertThat(present(devices)).isEqualTo(30);
    assertThat(registry.record("i-dry").await().atMost(WAIT)).isPresent();
  }

  @ParameterizedTest(name = "Kubernetes answers {0}")
  @ValueSource(ints = {500, 403, 0})
  @DisplayName("P8: a Kubernetes API error sweeps nothing")
  void apiErrorSweepsNothing(int status) {
    // given: a dead instance that would be swept, and an API that fails (0 = times out)
    Owner dead = owner("i-err", "edge-gone", "uid-gone");
    instance(dead, 60_000);
    List<String> devices = devices(dead, "e", 10);
    var expectation = mockServer.expect().get();
    String path = "/api/v1/namespaces/" + NS + "/pods?labelSelector=app%3Dedge";
    if (status == 0) {
      expectation.delay(5, TimeUnit.SECONDS).withPath(path).andReturn(200, "{}").always();
    } else {
      expectation
          .withPath(path)
          .andReturn(
              status,
              new StatusBuilder().withCode(status).withMessage("injected " + status).build())
          .always();
    }

    // when
    SweepReport report = sweeper.runOnce(false);

    // then
    assertThat(report.ok()).isFalse();
    assertThat(report.error()).hasValueSatisfying(e -> assertThat(e).startsWith("Kubernetes API"));
    assertThat(present(devices)).isEqualTo(10);
    assertThat(registry.record("i-err").await().atMost(WAIT)).isPresent();
  }

  // The injected failures are set with always(): reset them even when a test fails, so that one
  // failure does not cascade into every later test of the class.
  @AfterEach
  void forgetInjectedApiFailures() {
    mockServer.getKubernetesMockServer().reset();
  }

  @Test
  @DisplayName("P8: two concurrent sweepers never delete a live entry")
  void twoSweepersConcurrentlyNeverDeleteALiveEntry() throws Exception {
    // given: a dead instance with 2,000 devices; a live instance keeps taking devices over
    Owner dead = owner("i-dead", "edge-gone", "uid-gone");
    Owner live = owner("i-live", "edge-a", pod("edge-a", "uid-a", "Running"));
    instance(dead, 60_000);
    instance(live, 100);
    List<String> devices = devices(dead, "c", 2_000);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    CompletableFuture<Void> sweepersDone = new CompletableFuture<>();

    // when: two sweeps run at once while claims land on the same devices
    Future<List<String>> claimer =
        pool.submit(
            () -> {
              List<String> taken = new ArrayList<>();
              for (int i = 0; i < devices.size() && !sweepersDone.isDone(); i += 3) {
                store
                    .claim(ClaimRequest.newest(devices.get(i), "live-" + i, live, "a"))
                    .await()
                    .atMost(WAIT);
                taken.add(devices.get(i));
              }
              return taken;
            });
    Future<SweepReport> first = pool.submit(() -> sweeper.runOnce(false));
    Future<SweepReport> second = pool.submit(() -> sweeper.runOnce(false));
    SweepReport r1 = first.get(60, TimeUnit.SECONDS);
    SweepReport r2 = second.get(60, TimeUnit.SECONDS);
    sweepersDone.complete(null);
    List<String> taken = claimer.get(60, TimeUnit.SECONDS);
    pool.shutdown();

    // then: every device the live instance claimed is still its own; every other one is gone
    assertThat(r1.ok()).isTrue();
    assertThat(r2.ok()).isTrue();
    for (String device : taken) {
      assertThat(entry(device))
          .as(device)
          .get()
          .extracting(e -> e.owner().inst())
          .isEqualTo("i-live");
    }
    List<String> untouchedByLive = devices.stream().filter(d -> !taken.contains(d)).toList();
    assertThat(present(untouchedByLive)).isZero();
    // each dead entry was swept once (by one of the two); some were claimed by the live one after
    assertThat(r1.entriesSwept() + r2.entriesSwept())
        .isBetween((long) untouchedByLive.size(), (long) devices.size());
  }

  @Test
  void runIsBoundedAndTheRestWaitsForTheNextRun() {
    // given
    Owner dead = owner("i-big", "edge-gone", "uid-gone");
    instance(dead, 60_000);
    List<String> devices = devices(dead, "big", 450);

    // when
    long judged =
        registry.leasesOf(List.of("i-big")).await().atMost(WAIT).get("i-big").heartbeatMs();
    SweepRunner.InstanceSweep partial = sweeper.sweepInstance("i-big", "edge-gone", judged, 200);
    SweepReport rest = sweeper.runOnce(false);

    // then
    assertThat(partial.complete()).isFalse();
    assertThat(partial.swept()).isBetween(200L, 300L);
    assertThat(rest.entriesSwept()).isEqualTo(450 - partial.swept());
    assertThat(present(devices)).isZero();
  }

  @Test
  void reportIsStoredInRedisAsOneJsonDocument() {
    // given
    instance(owner("i-r", "edge-gone", "uid-gone"), 60_000);

    // when
    SweepReport report = sweeper.runOnce(false);

    // then
    JsonObject stored = new JsonObject(reports.last().await().atMost(WAIT).orElseThrow());
    assertThat(stored.getBoolean("ok")).isTrue();
    assertThat(stored.getJsonObject("verdicts").getLong("dead")).isEqualTo(1L);
    assertThat(stored.getLong("durationMs")).isEqualTo(report.durationMs());
    assertThat(report.toJson().encode()).doesNotContain("\n");
  }
}
