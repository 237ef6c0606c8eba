package dev.switchboard.core.store;

import dev.switchboard.core.model.InboxMessage;
import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.redis.ScriptRunner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import java.util.function.Consumer;

/** An instance's inbox (kicks, routed messages): publishing to it, and subscribing to one's own. */
public final class Inbox {

  private final ScriptRunner runner;
  private final Redis redis;
  private final PresenceKeys keys;

  private final boolean checkRole;

  public Inbox(ScriptRunner runner, Redis redis, PresenceKeys keys) {
    this(runner, redis, keys, true);
  }

  /**
   * @param checkRole whether subscriptions ask their node's {@code ROLE} (standalone and Sentinel:
   *     a demoted primary keeps its subscribers); a cluster says so with {@code sunsubscribe}
   */
  public Inbox(ScriptRunner runner, Redis redis, PresenceKeys keys, boolean checkRole) {
    this.runner = runner;
    this.redis = redis;
    this.keys = keys;
    this.checkRole = checkRole;
  }

  /**
   * Subscribes to an instance's inbox on a connection of its own, for as long as the returned
   * subscription is not closed; messages this version does not understand are dropped.
   */
  public InboxSubscription subscribe(String inst, Consumer<InboxMessage> onMessage) {
    return subscribe(inst, onMessage, () -> {});
  }

  /**
   * Like {@link #subscribe(String, Consumer)}, and runs {@code onResubscribed} each time the
   * subscription is back after it was lost: whatever was published meanwhile reached nobody.
   */
  public InboxSubscription subscribe(
      String inst, Consumer<InboxMessage> onMessage, Runnable onResubscribed) {
    InboxSubscription subscription =
        new InboxSubscription(redis, keys.inbox(inst), onMessage, onResubscribed, checkRole);
    subscription.start();
    return subscription;
  }

  /** The channel an instance subscribes to. */
  public String channel(String inst) {
    return keys.inbox(inst);
  }

  /** Publishes a message; returns how many subscribers received it (0: the instance is gone). */
  public Uni<Long> publish(String inst, String message) {
    return runner
        .send(Request.cmd(Command.SPUBLISH).arg(keys.inbox(inst)).arg(message))
        .map(r -> r.toLong());
  }
}
