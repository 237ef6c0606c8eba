package dev.switchboard.sweeper.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.sweeper.verdict.Verdict.Kind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden scenarios for the verdict table of docs/DESIGN.md: scenario in, verdict and reason out.
 */
class VerdictRulesTest {

  private static final long SUSPECT_MS = 300_000;
  private static final ExpiredInstance OLD =
      new ExpiredInstance("i-old", 20_000, Optional.of("edge-0"), Optional.of("uid-0"));

  private static PodView pod(String uid, String phase) {
    return new PodView("edge-0", uid, phase, false, Optional.of("True"));
  }

  record Scenario(
      String name,
      ExpiredInstance instance,
      Map<String, PodView> pods,
      Map<String, Set<String>> live,
      boolean kubernetes,
      Kind expected,
      String reasonContains) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> scenarios() {
    return Stream.of(
            new Scenario("no such pod", OLD, Map.of(), Map.of(), true, Kind.DEAD, "not found"),
            new Scenario(
                "statefulset name reused by a new pod (new uid)",
                OLD,
                Map.of("edge-0", pod("uid-NEW", "Running")),
                Map.of(),
                true,
                Kind.DEAD,
                "new pod (uid uid-NEW)"),
            new Scenario(
                "pod Failed",
                OLD,
                Map.of("edge-0", pod("uid-0", "Failed")),
                Map.of(),
                true,
                Kind.DEAD,
                "is Failed"),
            new Scenario(
                "pod Succeeded",
                OLD,
                Map.of("edge-0", pod("uid-0", "Succeeded")),
                Map.of(),
                true,
                Kind.DEAD,
                "is Succeeded"),
            new Scenario(
                "container restarted into a new instance",
                OLD,
                Map.of("edge-0", pod("uid-0", "Running")),
                Map.of("uid-0", Set.of("i-new")),
                true,
                Kind.RESTARTED,
                "new instance i-new"),
            new Scenario(
                "pod with a deletionTimestamp",
                OLD,
                Map.of(
                    "edge-0", new PodView("edge-0", "uid-0", "Running", true, Optional.of("True"))),
                Map.of(),
                true,
                Kind.DEAD,
                "being deleted"),
            new Scenario(
                "node Ready=Unknown",
                OLD,
                Map.of(
                    "edge-0",
                    new PodView("edge-0", "uid-0", "Running", false, Optional.of("Unknown"))),
                Map.of(),
                true,
                Kind.DEAD,
                "unreachable"),
            new Scenario(
                "running pod, recently silent",
                OLD,
                Map.of("edge-0", pod("uid-0", "Running")),
                Map.of(),
                true,
                Kind.SUSPECT,
                "silent for 20000 ms"),
            new Scenario(
                "running pod, silent past the suspect timeout",
                new ExpiredInstance("i-old", 400_000, Optional.of("edge-0"), Optional.of("uid-0")),
                Map.of("edge-0", pod("uid-0", "Running")),
                Map.of(),
                true,
                Kind.UNRESPONSIVE,
                "past the suspect timeout"),
            new Scenario(
                "node Ready=False is not enough: the pod may still run",
                OLD,
                Map.of(
                    "edge-0",
                    new PodView("edge-0", "uid-0", "Running", false, Optional.of("False"))),
                Map.of(),
                true,
                Kind.SUSPECT,
                "silent"),
            new Scenario(
                "the only live instance of the pod is itself",
                OLD,
                Map.of("edge-0", pod("uid-0", "Running")),
                Map.of("uid-0", Set.of("i-old")),
                true,
                Kind.SUSPECT,
                "silent"),
            new Scenario(
                "owner record gone",
                new ExpiredInstance("i-x", 20_000, Optional.empty(), Optional.empty()),
                Map.of(),
                Map.of(),
                true,
                Kind.DEAD,
                "owner record missing"),
            new Scenario(
                "Kubernetes disabled: lease only",
                OLD,
                Map.of(),
                Map.of(),
                false,
                Kind.DEAD,
                "lease only"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  @DisplayName("P8: the verdict table, scenario by scenario")
  void verdictTable(Scenario scenario) {
    // given
    VerdictRules rules = new VerdictRules(SUSPECT_MS, scenario.kubernetes());

    // when
    Verdict verdict = rules.judge(scenario.instance(), scenario.pods(), scenario.live());

    // then
    assertThat(verdict.inst()).isEqualTo(scenario.instance().inst());
    assertThat(verdict.kind()).isEqualTo(scenario.expected());
    assertThat(verdict.reason()).contains(scenario.reasonContains());
  }

  @ParameterizedTest(name = "{0} sweeps: {1}")
  @MethodSource("sweeping")
  void onlySuspectKeepsItsEntries(Kind kind, boolean sweeps) {
    assertThat(kind.sweeps()).isEqualTo(sweeps);
  }

  static Stream<Arguments> sweeping() {
    return Stream.of(
        Arguments.of(Kind.DEAD, true),
        Arguments.of(Kind.RESTARTED, true),
        Arguments.of(Kind.UNRESPONSIVE, true),
        Arguments.of(Kind.SUSPECT, false));
  }

  @org.junit.jupiter.api.Test
  void judgesEveryInstanceInOrder() {
    List<Verdict> verdicts =
        new VerdictRules(SUSPECT_MS, true)
            .judge(
                List.of(
                    OLD, new ExpiredInstance("i-2", 1, Optional.of("edge-9"), Optional.of("u9"))),
                Map.of("edge-0", pod("uid-0", "Running")),
                Map.of());

    assertThat(verdicts).extracting(Verdict::inst).containsExactly("i-old", "i-2");
    assertThat(verdicts).extracting(Verdict::kind).containsExactly(Kind.SUSPECT, Kind.DEAD);
  }
}
