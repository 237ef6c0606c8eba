package dev.switchboard.sweeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.sweeper.run.SweepReport.Abort;
import dev.switchboard.sweeper.run.SweepReport.Run;
import dev.switchboard.sweeper.run.SweepReport.Tally;
import dev.switchboard.sweeper.verdict.Verdict;
import dev.switchboard.sweeper.verdict.Verdict.Kind;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's three shapes, and the JSON that users of the stored report read. */
class SweepReportTest {

  private static final Run RUN = new Run(1_000, 42, false);

  @Test
  void nothingExpiredIsOkAndCountsWhatItSaw() {
    // when
    JsonObject json = SweepReport.nothingExpired(RUN, 3).toJson();

    // then
    assertThat(json.fieldNames())
        .containsExactlyInAnyOrder(
            "ok",
            "startedMs",
            "durationMs",
            "dryRun",
            "instancesSeen",
            "expired",
            "verdicts",
            "entriesSwept",
            "entriesKept",
            "instancesRemoved",
            "details");
    assertThat(json.getBoolean("ok")).isTrue();
    assertThat(json.getInteger("instancesSeen")).isEqualTo(3);
    assertThat(json.getInteger("expired")).isZero();
    assertThat(json.getJsonObject("verdicts").fieldNames())
        .containsExactlyInAnyOrder("dead", "restarted", "suspect", "unresponsive");
  }

  @Test
  void completedCountsVerdictsAndListsDetails() {
    // given
    List<Verdict> verdicts =
        List.of(
            new Verdict("i-1", Kind.DEAD, "pod edge-1 not found"),
            new Verdict("i-2", Kind.SUSPECT, "silent"));

    // when
    SweepReport report =
        SweepReport.completed(RUN, 5, 2, verdicts, new Tally(10, 1, List.of("i-1")));
    JsonObject json = report.toJson();

    // then
    assertThat(report.ok()).isTrue();
    assertThat(report.error()).isEmpty();
    assertThat(json.containsKey("error")).isFalse();
    assertThat(json.getJsonObject("verdicts").getLong("dead")).isEqualTo(1L);
    assertThat(json.getJsonObject("verdicts").getLong("suspect")).isEqualTo(1L);
    assertThat(json.getLong("entriesSwept")).isEqualTo(10L);
    assertThat(json.getLong("entriesKept")).isEqualTo(1L);
    assertThat(json.getJsonArray("instancesRemoved").getList()).containsExactly("i-1");
    assertThat(json.getJsonArray("details").getJsonObject(0).encode())
        .isEqualTo("{\"inst\":\"i-1\",\"verdict\":\"dead\",\"reason\":\"pod edge-1 not found\"}");
  }

  @Test
  void abortedCarriesItsErrorWithTheSourceFirst() {
    // when
    SweepReport report =
        SweepReport.aborted(RUN, new Abort(Abort.Source.KUBERNETES_API, "connect timed out"));
    JsonObject json = report.toJson();

    // then
    assertThat(report.ok()).isFalse();
    assertThat(json.getBoolean("ok")).isFalse();
    assertThat(json.getString("error")).isEqualTo("Kubernetes API: connect timed out");
    assertThat(json.getLong("entriesSwept")).isZero();
    assertThat(json.getJsonArray("details")).isEmpty();
  }
}
