package dev.switchboard.edge.lifecycle;

import dev.switchboard.core.redis.InboxCodec;
import dev.switchboard.core.store.Inbox;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.observe.LogFields;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Subscribes to this instance's inbox on a dedicated connection and resubscribes whenever that
 * connection ends (a Redis restart drops subscriptions silently otherwise).
 */
@ApplicationScoped
public class InboxSubscriber {

  private static final Logger LOG = Logger.getLogger(InboxSubscriber.class);
  private static final long RETRY_MS = 1_000;

  private final Redis redis;
  private final Inbox inbox;
  private final EdgeSettings settings;
  private final Instance<PresenceLifecycle> lifecycle;
  private final Vertx vertx;
  private volatile RedisConnection connection;
  private volatile boolean stopped;
  private volatile boolean subscribed;
  private final AtomicLong generation = new AtomicLong();

  public InboxSubscriber(
      Redis redis,
      Inbox inbox,
      EdgeSettings settings,
      Instance<PresenceLifecycle> lifecycle,
      Vertx vertx) {
    this.redis = redis;
    this.inbox = inbox;
    this.settings = settings;
    this.lifecycle = lifecycle;
    this.vertx = vertx;
  }

  public boolean isSubscribed() {
    return subscribed;
  }

  void start() {
    subscribe();
  }

  void stop(@Observes ShutdownEvent event) {
    stopped = true;
    RedisConnection current = connection;
    if (current != null) {
      current.close().subscribe().with(ok -> {}, f -> {});
    }
  }

  private void subscribe() {
    if (stopped) {
      return;
    }
    String channel = inbox.channel(settings.inst());
    long gen = generation.get();
    redis
        .connect()
        .subscribe()
        .with(
            conn -> {
              connection = conn;
              conn.handler(this::onPush);
              conn.exceptionHandler(failure -> lost(gen, "error: " + failure));
              conn.endHandler(() -> lost(gen, "connection ended"));
              conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel))
                  .subscribe()
                  .with(
                      ok -> {
                        subscribed = true;
                        LogFields.instanceScope(() -> LOG.debugf("subscribed to %s", channel));
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
      LogFields.instanceScope(() -> LOG.debugf("inbox subscription lost (%s), retrying", why));
      vertx.setTimer(RETRY_MS, id -> subscribe());
    }
  }

  private void onPush(Response push) {
    if (push == null || push.size() < 3 || !"message".equals(push.get(0).toString())) {
      return;
    }
    InboxCodec.decode(push.get(2).toString()).ifPresent(m -> lifecycle.get().onInbox(m));
  }
}
