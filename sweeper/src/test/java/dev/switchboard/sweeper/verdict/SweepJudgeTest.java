package dev.switchboard.sweeper.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.InstanceInfo;
import dev.switchboard.core.model.InstanceLease;
import dev.switchboard.core.model.InstanceRecord;
import dev.switchboard.core.model.Owner;
import dev.switchboard.sweeper.verdict.SweepJudge.Judgement;
import dev.switchboard.sweeper.verdict.Verdict.Kind;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sweep's whole decision as a table: leases (aged against Redis's clock), owner records and
 * pods in; which instances are judged, and their verdicts, out. TTL 10 s, grace 15 s, suspect 5
 * min.
 */
class SweepJudgeTest {

  private static final Duration TTL = Duration.ofSeconds(10);
  private static final Duration GRACE = Duration.ofSeconds(15);
  private static final Duration SUSPECT = Duration.ofMinutes(5);
  private static final long NOW_MS = 1_000_000_000L;

  private static InstanceLease lease(String inst, long ageMs) {
    return new InstanceLease(inst, NOW_MS - ageMs, NOW_MS);
  }

  private static InstanceRecord record(String inst, String pod, String podUid) {
    return new InstanceRecord(new InstanceInfo(new Owner(inst, pod, podUid, "node-1"), "test"), 0);
  }

  private static PodView running(String name, String uid) {
    return new PodView(name, uid, "Running", false, Optional.of("True"));
  }

  private static Map<String, InstanceRecord> records(InstanceRecord... records) {
    return Arrays.stream(records).collect(Collectors.toMap(InstanceRecord::inst, r -> r));
  }

  private static Map<String, PodView> pods(PodView... pods) {
    return Arrays.stream(pods).collect(Collectors.toMap(PodView::name, Function.identity()));
  }

  record Row(
      String name,
      List<InstanceLease> leases,
      Map<String, InstanceRecord> records,
      Map<String, PodView> pods,
      boolean kubernetes,
      Map<String, Kind> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> table() {
    return Stream.of(
            new Row(
                "a lease at exactly TTL + grace is not judged yet",
                List.of(lease("i-a", 25_000)),
                records(record("i-a", "edge-a", "uid-a")),
                pods(),
                true,
                Map.of()),
            new Row(
                "a lease 1 ms past TTL + grace is judged",
                List.of(lease("i-a", 25_001)),
                records(record("i-a", "edge-a", "uid-a")),
                pods(),
                true,
                Map.of("i-a", Kind.DEAD)),
            new Row(
                "fresh leases are never judged",
                List.of(lease("i-a", 0), lease("i-b", 10_000)),
                records(record("i-a", "edge-a", "uid-a"), record("i-b", "edge-b", "uid-b")),
                pods(),
                true,
                Map.of()),
            new Row(
                "restarted: a fresh instance on the same pod UID",
                List.of(lease("i-old", 30_000), lease("i-new", 500)),
                records(record("i-old", "edge-0", "uid-0"), record("i-new", "edge-0", "uid-0")),
                pods(running("edge-0", "uid-0")),
                true,
                Map.of("i-old", Kind.RESTARTED)),
            new Row(
                "not restarted: the other instance is past TTL (in its grace), so not live",
                List.of(lease("i-old", 30_000), lease("i-new", 12_000)),
                records(record("i-old", "edge-0", "uid-0"), record("i-new", "edge-0", "uid-0")),
                pods(running("edge-0", "uid-0")),
                true,
                Map.of("i-old", Kind.SUSPECT)),
            new Row(
                "not restarted: the fresh instance has no owner record",
                List.of(lease("i-old", 30_000), lease("i-new", 500)),
                records(record("i-old", "edge-0", "uid-0")),
                pods(running("edge-0", "uid-0")),
                true,
                Map.of("i-old", Kind.SUSPECT)),
            new Row(
                "not restarted: the fresh instance runs on another pod",
                List.of(lease("i-old", 30_000), lease("i-other", 500)),
                records(record("i-old", "edge-0", "uid-0"), record("i-other", "edge-1", "uid-1")),
                pods(running("edge-0", "uid-0"), running("edge-1", "uid-1")),
                true,
                Map.of("i-old", Kind.SUSPECT)),
            new Row(
                "an expired instance without owner record is dead",
                List.of(lease("i-x", 60_000)),
                records(),
                pods(running("edge-0", "uid-0")),
                true,
                Map.of("i-x", Kind.DEAD)),
            new Row(
                "its pod is gone",
                List.of(lease("i-b", 60_000), lease("i-a", 1_000)),
                records(record("i-b", "edge-b", "uid-b"), record("i-a", "edge-a", "uid-a")),
                pods(running("edge-a", "uid-a")),
                true,
                Map.of("i-b", Kind.DEAD)),
            new Row(
                "silent past the suspect timeout on a running pod",
                List.of(lease("i-q", 400_000)),
                records(record("i-q", "edge-0", "uid-0")),
                pods(running("edge-0", "uid-0")),
                true,
                Map.of("i-q", Kind.UNRESPONSIVE)),
            new Row(
                "Kubernetes disabled: the lease alone decides",
                List.of(lease("i-q", 30_000), lease("i-new", 500)),
                records(record("i-q", "edge-0", "uid-0"), record("i-new", "edge-0", "uid-0")),
                pods(),
                false,
                Map.of("i-q", Kind.DEAD)))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void decisionTable(Row row) {
    // given
    SweepJudge judge = new SweepJudge(TTL, GRACE, SUSPECT, row.kubernetes());

    // when
    Judgement judgement = judge.judge(row.leases(), row.records(), row.pods());

    // then
    assertThat(
            judgement.verdicts().stream().collect(Collectors.toMap(Verdict::inst, Verdict::kind)))
        .isEqualTo(row.expected());
    assertThat(judge.expired(row.leases()))
        .extracting(InstanceLease::inst)
        .containsExactlyInAnyOrderElementsOf(row.expected().keySet());
  }

  @Test
  void candidatesCarryTheOwnerRecordAndKeepTheLeaseOrder() {
    // given
    SweepJudge judge = new SweepJudge(TTL, GRACE, SUSPECT, true);
    List<InstanceLease> leases =
        List.of(lease("i-1", 40_000), lease("i-live", 100), lease("i-2", 90_000));

    // when
    Judgement judgement = judge.judge(leases, records(record("i-1", "edge-1", "uid-1")), pods());

    // then
    assertThat(judgement.candidates())
        .containsExactly(
            new ExpiredInstance("i-1", 40_000, Optional.of("edge-1"), Optional.of("uid-1")),
            new ExpiredInstance("i-2", 90_000, Optional.empty(), Optional.empty()));
    assertThat(judgement.verdicts()).extracting(Verdict::inst).containsExactly("i-1", "i-2");
    assertThat(judgement.podOf("i-1")).isEqualTo("edge-1");
    assertThat(judgement.podOf("i-2")).isEmpty();
  }

  @Test
  void graceZeroJudgesEverythingPastTheTtl() {
    // given
    SweepJudge judge = new SweepJudge(TTL, Duration.ZERO, SUSPECT, true);

    // when
    List<InstanceLease> expired =
        judge.expired(List.of(lease("i-at", 10_000), lease("i-past", 10_001)));

    // then
    assertThat(expired).extracting(InstanceLease::inst).containsExactly("i-past");
  }
}
