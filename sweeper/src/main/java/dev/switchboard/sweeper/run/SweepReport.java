package dev.switchboard.sweeper.run;

import dev.switchboard.sweeper.verdict.Verdict;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One run's summary: printed as one JSON line, stored in Redis for the presence-api to show. Built
 * with {@link #nothingExpired}, {@link #completed} or {@link #aborted}.
 *
 * @param abort why the run aborted (it then swept nothing); empty for a run that went through
 */
public record SweepReport(
    long startedMs,
    long durationMs,
    boolean dryRun,
    int instancesSeen,
    int expired,
    List<Verdict> verdicts,
    long entriesSwept,
    long entriesKept,
    List<String> instancesRemoved,
    Optional<Abort> abort) {

  /** When the run started, how long it took, and whether it only reported. */
  public record Run(long startedMs, long durationMs, boolean dryRun) {}

  /** What the run removed and left. */
  public record Tally(long entriesSwept, long entriesKept, List<String> instancesRemoved) {}

  /** Why a run aborted, before deleting anything. */
  public record Abort(Source source, String detail) {

    /** What failed. */
    public enum Source {
      /** The Kubernetes API failed or timed out: pods could not be judged. */
      KUBERNETES_API("Kubernetes API"),
      /**
       * Kubernetes listed no pod of any live instance: the pod selector or namespace is wrong, and
       * every expired instance would read as dead.
       */
      POD_SELECTOR("pod selector"),
      /** Anything else (Redis included). */
      SWEEP("sweep");

      private final String label;

      Source(String label) {
        this.label = label;
      }
    }

    /** The error text of the report: {@code "<source>: <detail>"}. */
    public String text() {
      return source.label + ": " + detail;
    }
  }

  /** No lease was past TTL + grace: nothing judged, nothing swept. */
  public static SweepReport nothingExpired(Run run, int instancesSeen) {
    return new SweepReport(
        run.startedMs(),
        run.durationMs(),
        run.dryRun(),
        instancesSeen,
        0,
        List.of(),
        0,
        0,
        List.of(),
        Optional.empty());
  }

  /** Expired instances were judged, and the ones judged dead swept (unless a dry run). */
  public static SweepReport completed(
      Run run, int instancesSeen, int expired, List<Verdict> verdicts, Tally tally) {
    return new SweepReport(
        run.startedMs(),
        run.durationMs(),
        run.dryRun(),
        instancesSeen,
        expired,
        List.copyOf(verdicts),
        tally.entriesSwept(),
        tally.entriesKept(),
        List.copyOf(tally.instancesRemoved()),
        Optional.empty());
  }

  /** The run failed before deleting anything. */
  public static SweepReport aborted(Run run, Abort abort) {
    return new SweepReport(
        run.startedMs(),
        run.durationMs(),
        run.dryRun(),
        0,
        0,
        List.of(),
        0,
        0,
        List.of(),
        Optional.of(abort));
  }

  public boolean ok() {
    return abort.isEmpty();
  }

  /** The error text ({@code "Kubernetes API: …"} or {@code "sweep: …"}) of an aborted run. */
  public Optional<String> error() {
    return abort.map(Abort::text);
  }

  public long count(Verdict.Kind kind) {
    return verdicts.stream().filter(v -> v.kind() == kind).count();
  }

  public JsonObject toJson() {
    JsonObject counts = new JsonObject();
    for (Verdict.Kind kind : Verdict.Kind.values()) {
      counts.put(kind.name().toLowerCase(Locale.ROOT), count(kind));
    }
    JsonArray details = new JsonArray();
    verdicts.forEach(
        v ->
            details.add(
                new JsonObject()
                    .put("inst", v.inst())
                    .put("verdict", v.kind().name().toLowerCase(Locale.ROOT))
                    .put("reason", v.reason())));
    JsonObject json =
        new JsonObject()
            .put("ok", ok())
            .put("startedMs", startedMs)
            .put("durationMs", durationMs)
            .put("dryRun", dryRun)
            .put("instancesSeen", instancesSeen)
            .put("expired", expired)
            .put("verdicts", counts)
            .put("entriesSwept", entriesSwept)
            .put("entriesKept", entriesKept)
            .put("instancesRemoved", new JsonArray(instancesRemoved))
            .put("details", details);
    error().ifPresent(error -> json.put("error", error));
    return json;
  }
}
