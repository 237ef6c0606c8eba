package dev.switchboard.sweeper.run;

import dev.switchboard.sweeper.verdict.Verdict;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * One run's summary: printed as one JSON line, stored in Redis for the presence-api to show.
 *
 * @param error why the run aborted (it then swept nothing), or null
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
    String error) {

  public boolean ok() {
    return error == null;
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
    if (error != null) {
      json.put("error", error);
    }
    return json;
  }
}
