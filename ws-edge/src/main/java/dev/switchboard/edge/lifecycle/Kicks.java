package dev.switchboard.edge.lifecycle;

import dev.switchboard.core.model.Holder;
import dev.switchboard.core.model.InboxMessage;
import dev.switchboard.core.redis.InboxCodec;
import dev.switchboard.core.store.Inbox;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.observe.EdgeMetrics;
import dev.switchboard.edge.socket.LocalConnections;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Tells the previous holder of a device that a newer connection took it: a local 4001, or a {@code
 * kick} to the holder instance's inbox. A kick nobody received (the holder's edge is re-subscribing
 * after a Redis restart or failover) is sent again a few times, so the old socket does not stay
 * open beside the new one until its next touch or the audit.
 */
@ApplicationScoped
public class Kicks {

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
    publish(previous.inst(), InboxCodec.encode(new InboxMessage.Kick(device, previous.conn())), 1);
  }

  private void publish(String inst, String kick, int attempt) {
    inbox
        .publish(inst, kick)
        .subscribe()
        .with(
            receivers -> {
              if (receivers == 0 && attempt < ATTEMPTS) {
                Uni.createFrom()
                    .voidItem()
                    .onItem()
                    .delayIt()
                    .by(RETRY)
                    .subscribe()
                    .with(ok -> publish(inst, kick, attempt + 1), f -> {});
              }
            },
            failure -> metrics.redisError());
  }
}
