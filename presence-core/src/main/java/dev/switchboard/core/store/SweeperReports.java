package dev.switchboard.core.store;

import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.redis.ScriptRunner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sweeper's run reports, JSON documents that each run overwrites: the last run's ({@link
 * PresenceKeys#sweeperReport()}) and the last successful run's ({@link
 * PresenceKeys#sweeperLastOk()}). The sweeper stores them, the presence-api serves the last one and
 * exposes both as gauges, so a CronJob sweeper, which serves no metrics itself, is still watched.
 * The documents are opaque here.
 */
public final class SweeperReports {

  /** The two stored reports; either is empty until a run stored one. */
  public record Runs(Optional<String> last, Optional<String> lastOk) {}

  private final ScriptRunner runner;
  private final PresenceKeys keys;

  public SweeperReports(ScriptRunner runner, PresenceKeys keys) {
    this.runner = runner;
    this.keys = keys;
  }

  /**
   * Replaces the last run's report with {@code json}, and the last successful run's too when {@code
   * ok}. Two keys in two hash slots: two commands, pipelined.
   */
  public Uni<Void> store(String json, boolean ok) {
    List<Request> sets = new ArrayList<>();
    sets.add(Request.cmd(Command.SET).arg(keys.sweeperReport()).arg(json));
    if (ok) {
      sets.add(Request.cmd(Command.SET).arg(keys.sweeperLastOk()).arg(json));
    }
    return runner.sendAll(sets).replaceWithVoid();
  }

  /** The last stored report, exactly as stored; empty when no run stored one yet. */
  public Uni<Optional<String>> last() {
    return runner
        .send(Request.cmd(Command.GET).arg(keys.sweeperReport()))
        .map(SweeperReports::text);
  }

  /** The last run's report and the last successful run's, as stored. */
  public Uni<Runs> runs() {
    return runner
        .sendAll(
            List.of(
                Request.cmd(Command.GET).arg(keys.sweeperReport()),
                Request.cmd(Command.GET).arg(keys.sweeperLastOk())))
        .map(replies -> new Runs(text(replies.get(0)), text(replies.get(1))));
  }

  private static Optional<String> text(Response reply) {
    return Optional.ofNullable(reply).map(Object::toString);
  }
}
