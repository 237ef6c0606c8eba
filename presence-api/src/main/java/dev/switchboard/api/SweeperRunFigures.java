package dev.switchboard.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * What the presence-api exposes of the sweeper's stored reports: when the last run ended, whether
 * it aborted, how long it took, how many entries it removed, and when the last successful run
 * ended. Zero for what no stored report tells (no run yet, or an unreadable report). Pure.
 */
public record SweeperRunFigures(
    double lastRunTimestampSeconds,
    double lastRunDurationSeconds,
    double lastRunAborted,
    double lastRunRemoved,
    double lastSuccessTimestampSeconds) {

  public static final SweeperRunFigures NONE = new SweeperRunFigures(0, 0, 0, 0, 0);

  /** From the last run's report and the last successful run's, as the sweeper stored them. */
  public static SweeperRunFigures of(Optional<String> last, Optional<String> lastOk) {
    Optional<JsonObject> run = last.flatMap(SweeperRunFigures::json);
    Optional<JsonObject> ok = lastOk.flatMap(SweeperRunFigures::json);
    return new SweeperRunFigures(
        run.map(SweeperRunFigures::endedSeconds).orElse(0.0),
        run.map(r -> r.getLong("durationMs", 0L) / 1000.0).orElse(0.0),
        run.map(r -> r.getBoolean("ok", false) ? 0.0 : 1.0).orElse(0.0),
        run.map(r -> (double) r.getLong("entriesSwept", 0L)).orElse(0.0),
        ok.map(SweeperRunFigures::endedSeconds).orElse(0.0));
  }

  private static double endedSeconds(JsonObject report) {
    return (report.getLong("startedMs", 0L) + report.getLong("durationMs", 0L)) / 1000.0;
  }

  private static Optional<JsonObject> json(String text) {
    try {
      return Optional.of(new JsonObject(text));
    } catch (DecodeException | ClassCastException e) {
      return Optional.empty();
    }
  }
}
