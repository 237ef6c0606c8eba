package dev.switchboard.core.store;

import dev.switchboard.core.Delayed;
import dev.switchboard.core.model.InboxMessage;
import dev.switchboard.core.redis.InboxCodec;
import dev.switchboard.core.redis.RedisFailures;
import dev.switchboard.core.redis.RedisTimeoutException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One instance's inbox subscription ({@code SSUBSCRIBE}, sharded pub/sub) on a dedicated
 * connection. It resubscribes whenever that connection ends or the server drops the subscription (a
 * Redis restart, a failover, a slot move), and when a check every {@link #CHECK_EVERY} finds that
 * the connection's node no longer answers, or is no longer a primary. A primary that a failover
 * demoted to a replica keeps its subscribers (only Sentinel's own reconfiguration kills them), and
 * delivers to them only what replication brings it; the subscription belongs on the new primary.
 * Made by {@link Inbox#subscribe}.
 */
public final class InboxSubscription {

  private static final Logger LOG = Logger.getLogger(InboxSubscription.class);
  static final Duration RETRY = Duration.ofSeconds(1);
  static final Duration CHECK_EVERY = Duration.ofSeconds(2);
  private static final Set<String> ROLES = Set.of("master", "slave", "sentinel");

  private final Redis redis;
  private final String channel;
  private final Consumer<InboxMessage> onMessage;
  private final Runnable onResubscribed;
  private volatile boolean everSubscribed;
  private final AtomicLong generation = new AtomicLong();
  private volatile RedisConnection connection;
  private volatile boolean stopped;
  private volatile boolean subscribed;
  private volatile Cancellable checks;
  // the event loop the subscribed connection's handlers run on; null until the first subscribe
  private volatile Context loop;
  private final AtomicReference<Misses> misses = new AtomicReference<>(Misses.NONE);
  // System.nanoTime() of the last push or reply handled on the subscribed connection
  private volatile long heardFrom = System.nanoTime();
  private final boolean checkRole;

  InboxSubscription(
      Redis redis,
      String channel,
      Consumer<InboxMessage> onMessage,
      Runnable onResubscribed,
      boolean checkRole) {
    this.redis = redis;
    this.channel = channel;
    this.onMessage = onMessage;
    this.onResubscribed = onResubscribed;
    this.checkRole = checkRole;
  }

  /** Whether the subscription is in place right now (false while Redis is away). */
  public boolean isSubscribed() {
    return subscribed;
  }

  /** Ends the subscription for good. */
  public void close() {
    stopped = true;
    Cancellable running = checks;
    if (running != null) {
      running.cancel();
    }
    subscribed = false;
    RedisConnection current = connection;
    if (current != null) {
      current.close().subscribe().with(ok -> {}, f -> {});
    }
  }

  void start() {
    if (!checkRole) {
      subscribe();
      return;
    }
    checks =
        Multi.createFrom()
            .ticks()
            .every(CHECK_EVERY)
            .subscribe()
            .with(tick -> check(), failure -> LOG.debugf("inbox checks stopped: %s", failure));
    subscribe();
  }

  /**
   * Asks the subscribed node its {@code ROLE}. Through a cluster client the command reaches some
   * primary and always passes: there, the server's {@code sunsubscribe} tells of a slot move.
   *
   * <p>The answer may come either way: vertx-redis-client (4.5) hands a push that arrives while a
   * command waits the command's promise, which then never completes, and the command's reply
   * reaches {@link #onPush} as if it were a push. So the promise's timeout is a miss only if
   * nothing at all arrived on the connection since the check was sent: a push proves the connection
   * alive, and a misrouted reply is the answer itself.
   *
   * <p>The check is sent, and judged, on the connection's event loop, so that its wait counts only
   * time in which that loop could have read an answer (see {@link #judge}).
   */
  private void check() {
    Context loop = this.loop;
    if (loop == null) {
      send(generation.get());
    } else {
      loop.runOnContext(v -> send(generation.get()));
    }
  }

  private void send(long gen) {
    RedisConnection current = connection;
    if (!subscribed || current == null) {
      return;
    }
    long sentAt = System.nanoTime();
    current
        .send(Request.cmd(Command.ROLE))
        .ifNoItem()
        .after(CHECK_EVERY)
        .failWith(() -> new RedisTimeoutException("ROLE got no answer within " + CHECK_EVERY))
        .subscribe()
        .with(
            role -> roleAnswered(gen, role),
            failure -> {
              if (RedisFailures.isErrorReply(failure)) {
                return;
              }
              Context loop = this.loop;
              if (loop == null) {
                judge(gen, sentAt, failure);
              } else {
                // the timeout fires on a timer thread; whether the loop was there is seen on it
                loop.runOnContext(v -> afterStall(gen, sentAt, failure, loop));
              }
            });
  }

  /**
   * A check whose deadline passed while the process or the connection's event loop stood still (a
   * GC pause, a starved CPU, a blocking handler) proves nothing about the node: its answer may sit
   * unread in the socket. It counts neither way when the loop got to it more than half a check
   * late; otherwise it is judged after one more turn of the loop, which reads what arrived.
   */
  private void afterStall(long gen, long sentAt, Throwable failure, Context loop) {
    long late = System.nanoTime() - sentAt - CHECK_EVERY.toNanos();
    if (late > CHECK_EVERY.toNanos() / 2) {
      LOG.debugf(
          "inbox check on %s ignored: its event loop came %d ms late", channel, late / 1_000_000);
      return;
    }
    // a timer, not runOnContext: a task queued now runs before the loop next reads its sockets
    loop.owner().setTimer(1, id -> judge(gen, sentAt, failure));
  }

  private void judge(long gen, long sentAt, Throwable failure) {
    if (gen != generation.get() || heardFrom - sentAt >= 0) {
      return;
    }
    // one slow answer on a busy box is not a lost node: resubscribing costs a window in which
    // routed messages answer 503, so only a second miss in a row drops it
    if (misses.updateAndGet(m -> m.missed(gen)).dropsSubscription(gen)) {
      lost(gen, "role check failed twice: " + RedisFailures.describe(failure));
    }
  }

  private void roleAnswered(long gen, Response role) {
    misses.updateAndGet(m -> m.answered(gen));
    String name = role == null || role.size() == 0 ? "unknown" : role.get(0).toString();
    if (!"master".equals(name)) {
      lost(gen, "the node is now a " + name);
    }
  }

  private void subscribe() {
    if (stopped) {
      return;
    }
    long gen = generation.get();
    redis
        .connect()
        .subscribe()
        .with(
            conn -> {
              connection = conn;
              conn.handler(push -> onPush(gen, push));
              conn.exceptionHandler(failure -> lost(gen, "error: " + failure));
              conn.endHandler(() -> lost(gen, "connection ended"));
              conn.send(Request.cmd(Command.SSUBSCRIBE).arg(channel))
                  .subscribe()
                  .with(
                      ok -> {
                        loop = Vertx.currentContext();
                        subscribed = true;
                        if (everSubscribed) {
                          LOG.infof("inbox subscription to %s back", channel);
                          // messages published meanwhile reached nobody
                          onResubscribed.run();
                        } else {
                          LOG.debugf("subscribed to %s", channel);
                        }
                        everSubscribed = true;
                      },
                      failure -> lost(gen, "subscribe failed: " + failure));
            },
            failure -> lost(gen, "connect failed: " + failure));
  }

  private void lost(long gen, String why) {
    if (!generation.compareAndSet(gen, gen + 1)) {
      return;
    }
    subscribed = false;
    RedisConnection old = connection;
    connection = null;
    if (old != null) {
      old.close().subscribe().with(ok -> {}, f -> {});
    }
    if (!stopped) {
      // INFO, not DEBUG: until it is back, at-most-once messages to this instance answer 503
      LOG.infof("inbox subscription lost (%s), retrying", why);
      Delayed.run(RETRY, this::subscribe);
    }
  }

  /**
   * The checks missed in a row by one subscription, a generation of {@link #generation}. A check
   * sent on an earlier subscription's connection counts neither way: its miss says nothing about
   * the node the new one talks to, and a new subscription starts with none.
   */
  record Misses(long generation, int inARow) {

    static final Misses NONE = new Misses(0, 0);

    Misses missed(long gen) {
      if (gen < generation) {
        return this;
      }
      return new Misses(gen, gen == generation ? inARow + 1 : 1);
    }

    Misses answered(long gen) {
      return gen < generation ? this : new Misses(gen, 0);
    }

    boolean dropsSubscription(long gen) {
      return gen == generation && inARow >= 2;
    }
  }

  private void onPush(long gen, Response push) {
    heardFrom = System.nanoTime();
    if (push == null || push.size() == 0) {
      return;
    }
    String type = push.get(0).toString();
    if (push.type() != ResponseType.PUSH && ROLES.contains(type)) {
      // the reply to a ROLE check whose promise the client gave to a push (see check()); a RESP2
      // connection's messages are plain arrays too, hence the look at the first element
      roleAnswered(gen, push);
      return;
    }
    if (push.size() < 3) {
      return;
    }
    if ("smessage".equals(type) || "message".equals(type)) {
      InboxCodec.decode(push.get(2).toString()).ifPresent(onMessage);
    } else if ("sunsubscribe".equals(type)) {
      // the server drops sharded subscriptions when the channel's slot moves (a cluster failover
      // or resharding): subscribe again, to wherever the slot lives now
      lost(gen, "slot moved");
    }
  }
}
