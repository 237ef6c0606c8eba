package dev.switchboard.core.store;

import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.redis.ScriptRunner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/** Publishes to an instance's inbox channel (kicks, routed messages). */
public final class Inbox {

  private final ScriptRunner runner;
  private final PresenceKeys keys;

  public Inbox(ScriptRunner runner, PresenceKeys keys) {
    this.runner = runner;
    this.keys = keys;
  }

  /** The channel an instance subscribes to. */
  public String channel(String inst) {
    return keys.inbox(inst);
  }

  /** Publishes a message; returns how many subscribers received it (0: the instance is gone). */
  public Uni<Long> publish(String inst, String message) {
    return runner
        .send(Request.cmd(Command.PUBLISH).arg(keys.inbox(inst)).arg(message))
        .map(r -> r.toLong());
  }
}
