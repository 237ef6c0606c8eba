package dev.switchboard.core.store;

import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.redis.ScriptRunner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import java.util.Optional;

/**
 * The sweeper's last run report ({@link PresenceKeys#sweeperReport()}), one JSON document that each
 * run overwrites: the sweeper stores it, the presence-api serves it. The document is opaque here.
 */
public final class SweeperReports {

  private final ScriptRunner runner;
  private final PresenceKeys keys;

  public SweeperReports(ScriptRunner runner, PresenceKeys keys) {
    this.runner = runner;
    this.keys = keys;
  }

  /** Replaces the stored report with {@code json}. */
  public Uni<Void> store(String json) {
    return runner
        .send(Request.cmd(Command.SET).arg(keys.sweeperReport()).arg(json))
        .replaceWithVoid();
  }

  /** The last stored report, exactly as stored; empty when no run stored one yet. */
  public Uni<Optional<String>> last() {
    return runner
        .send(Request.cmd(Command.GET).arg(keys.sweeperReport()))
        .map(reply -> Optional.ofNullable(reply).map(Object::toString));
  }
}
