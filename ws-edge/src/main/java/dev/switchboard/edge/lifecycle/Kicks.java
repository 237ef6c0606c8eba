package dev.switchboard.edge.lifecycle;

import dev.switchboard.core.model.Holder;
import dev.switchboard.core.model.InboxMessage;
import dev.switchboard.core.redis.InboxCodec;
import dev.switchboard.core.redis.RedisFailures;
import dev.switchboard.core.store.Inbox;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.observe.EdgeMetrics;
import dev.switchboard.edge.observe.LogFields;
import dev.switchboard.edge.socket.LocalConnections;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Tells the previous holder of a device that a newer connection took it: a local 4001, or a {@code
 * kick} to the holder instance's inbox. A kick nobody received (the holder's edge is re-subscribing
 * after a Redis restart or failover) or whose publish failed (a timeout, a broken connection) is
 * sent again a few times, so the old socket does not stay open beside the new one until its next
 * touch or the audit. A kick runs at most once per delivery: a second one finds its socket gone.
 */
@ApplicationScoped
public class Kicks {

  private static final Logger LOG = Logger.getLogger(Kicks.class);
  static final Duration RETRY = Duration.ofMillis(250);
  static final int ATTEMPTS = 12;

  private final EdgeSettings settings;
  private final LocalConnections local;
  private final SocketCloser closer;
  private final Inbox inbox;
  private final EdgeMetrics metrics;

  public Kicks(
      EdgeSettings settings,
      LocalConnections local,
      SocketCloser closer,
      Inbox inbox,
      EdgeMetrics metrics) {
    this.settings = settings;
    this.local = local;
    this.closer = closer;
    this.inbox = inbox;
    this.metrics = metrics;
  }

  public void kick(String device, Holder previous) {
    if (previous.inst().equals(settings.inst())) {
      local.byConn(previous.conn()).ifPresent(closer::closeReplaced);
      return;
    }
    publish(device, previous, InboxCodec.encode(new InboxMessage.Kick(device, previous.conn())), 1);
  }

  private void publish(String device, Holder previous, String kick, int attempt) {
    inbox
        .publish(previous.inst(), kick)
        .subscribe()
        .with(
            receivers -> {
              if (receivers == 0) {
                // expected when the holder's edge is gone: its sockets went with it
                retryOrGiveUp(
                    device,
                    previous,
                    kick,
                    attempt,
                    () ->
                        LOG.debugf(
                            "kick to %s reached nobody in %d attempts", previous.inst(), attempt));
              }
            },
            failure -> {
              metrics.redisError();
              // the old socket stays beside the new one until its next touch
              retryOrGiveUp(
                  device,
                  previous,
                  kick,
                  attempt,
                  () ->
                      LOG.warnf(
                          "kick to %s given up after %d attempts: %s",
                          previous.inst(), attempt, RedisFailures.describe(failure)));
            });
  }

  private void retryOrGiveUp(
      String device, Holder previous, String kick, int attempt, Runnable logGivenUp) {
    if (attempt < ATTEMPTS) {
      retry(device, previous, kick, attempt);
    } else {
      LogFields.about(device, previous.conn(), logGivenUp);
    }
  }

  private void retry(String device, Holder previous, String kick, int attempt) {
    Uni.createFrom()
        .voidItem()
        .onItem()
        .delayIt()
        .by(RETRY)
        .subscribe()
        .with(ok -> publish(device, previous, kick, attempt + 1), f -> {});
  }
}
