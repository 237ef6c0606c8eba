package dev.switchboard.edge.lifecycle;

import dev.switchboard.core.Delayed;
import dev.switchboard.core.model.Holder;
import dev.switchboard.core.model.InboxMessage;
import dev.switchboard.core.redis.InboxCodec;
import dev.switchboard.core.redis.RedisFailures;
import dev.switchboard.core.store.Inbox;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.observe.EdgeMetrics;
import dev.switchboard.edge.observe.LogFields;
import dev.switchboard.edge.socket.LocalConnections;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Tells the previous holder of a device that a newer connection took it: a local 4001, or a {@code
 * kick} to the holder instance's inbox. A kick whose publish failed (a timeout, a broken
 * connection) is sent again a few times, so the old socket does not stay open beside the new one
 * until its next touch or the audit. Kicks to an inbox that reached nobody (its edge is gone, or
 * re-subscribing after a Redis restart or failover) wait in one queue per instance while a single
 * probe retries, and are sent when it gets through. A kick runs at most once per delivery: a second
 * one finds its socket gone.
 */
@ApplicationScoped
public class Kicks {

  private static final Logger LOG = Logger.getLogger(Kicks.class);
  static final Duration RETRY = Duration.ofMillis(250);
  static final int ATTEMPTS = 12;

  /** How long a kick waits for an inbox that reaches nobody: as long as its retries would run. */
  static final Duration WAIT = RETRY.multipliedBy(ATTEMPTS - 1);

  /** Kicks waiting per instance; about 250 bytes each, so a gone edge costs a few MB at most. */
  static final int QUEUE_BOUND = 10_000;

  private final EdgeSettings settings;
  private final LocalConnections local;
  private final SocketCloser closer;
  private final Inbox inbox;
  private final EdgeMetrics metrics;
  private final ConcurrentHashMap<String, KickQueue> waiting = new ConcurrentHashMap<>();
  private final GiveUpLog giveUps = new GiveUpLog();

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
    String kick = InboxCodec.encode(new InboxMessage.Kick(device, previous.conn()));
    send(new PendingKick(device, previous, kick, 1, System.nanoTime() + WAIT.toNanos()));
  }

  private void send(PendingKick kick) {
    if (!joinedWaiting(kick)) {
      publish(kick);
    }
  }

  private boolean joinedWaiting(PendingKick kick) {
    boolean[] joined = {false};
    waiting.computeIfPresent(
        kick.inst(),
        (inst, queue) -> {
          queue.add(kick);
          joined[0] = true;
          return queue;
        });
    return joined[0];
  }

  private void publish(PendingKick kick) {
    inbox
        .publish(kick.inst(), kick.message())
        .subscribe()
        .with(
            receivers -> {
              if (receivers == 0) {
                waitForInbox(kick);
              }
            },
            failure -> {
              metrics.redisError();
              if (kick.attempt() < ATTEMPTS) {
                later(() -> send(kick.next()));
              } else {
                givenUp(kick, failure);
              }
            });
  }

  private void waitForInbox(PendingKick kick) {
    boolean[] first = {false};
    waiting.compute(
        kick.inst(),
        (inst, queue) -> {
          KickQueue joined = queue;
          if (joined == null) {
            joined = new KickQueue(QUEUE_BOUND);
            first[0] = true;
          }
          joined.add(kick);
          return joined;
        });
    if (first[0]) {
      later(() -> probe(kick.inst()));
    }
  }

  /** Whether kicks to {@code inst} wait in a queue for its inbox (its inbox reached nobody). */
  boolean waitsFor(String inst) {
    return waiting.containsKey(inst);
  }

  private void probe(String inst) {
    try {
      probeOnce(inst);
    } catch (RuntimeException e) {
      // a loop that died would leave the queue in place, and every later kick to inst in it
      KickQueue dropped = waiting.remove(inst);
      LOG.errorf(
          e, "kick queue of %s dropped (%d kicks)", inst, dropped == null ? 0 : dropped.size());
    }
  }

  private void probeOnce(String inst) {
    long now = System.nanoTime();
    PendingKick[] next = {null};
    KickQueue[] done = {null};
    waiting.computeIfPresent(
        inst,
        (i, queue) -> {
          Optional<PendingKick> probe = queue.probe(now);
          if (probe.isEmpty()) {
            done[0] = queue;
            return null;
          }
          next[0] = probe.get();
          return queue;
        });
    if (done[0] != null) {
      logDropped(inst, done[0], false);
    }
    if (next[0] == null) {
      return;
    }
    PendingKick probe = next[0];
    inbox
        .publish(inst, probe.message())
        .subscribe()
        .with(
            receivers -> {
              if (receivers > 0) {
                reached(inst, probe);
              } else {
                later(() -> probe(inst));
              }
            },
            failure -> {
              metrics.redisError();
              later(() -> probe(inst));
            });
  }

  private void reached(String inst, PendingKick probe) {
    AtomicReference<List<PendingKick>> others = new AtomicReference<>(List.of());
    KickQueue[] done = {null};
    waiting.computeIfPresent(
        inst,
        (i, queue) -> {
          others.set(queue.reached(probe));
          done[0] = queue;
          return null;
        });
    if (done[0] != null) {
      logDropped(inst, done[0], true);
    }
    others.get().forEach(this::publish);
  }

  private static void logDropped(String inst, KickQueue queue, boolean inboxCameBack) {
    int dropped = queue.expired() + queue.overflowed();
    if (dropped == 0) {
      return;
    }
    String format =
        "%d kicks to %s given up: its inbox reached nobody for %d ms (%d of them pushed out by"
            + " the queue's bound of %d)";
    if (inboxCameBack) {
      // the holder's edge was alive (re-subscribing): those old sockets stay until their touch
      LOG.infof(format, dropped, inst, WAIT.toMillis(), queue.overflowed(), queue.bound());
    } else {
      // expected when the holder's edge is gone: its sockets went with it
      LOG.debugf(format, dropped, inst, WAIT.toMillis(), queue.overflowed(), queue.bound());
    }
  }

  private void givenUp(PendingKick kick, Throwable failure) {
    // the old socket stays beside the new one until its next touch
    GiveUpLog.Line line = giveUps.givenUp(System.nanoTime());
    LogFields.about(
        kick.device(),
        kick.previous().conn(),
        () -> {
          String format = "kick to %s given up after %d attempts: %s";
          String cause = RedisFailures.describe(failure);
          if (line == GiveUpLog.Line.WARN_OPENS_MINUTE) {
            LOG.warnf(format, kick.inst(), kick.attempt(), cause);
          } else {
            LOG.debugf(format, kick.inst(), kick.attempt(), cause);
          }
        });
    if (line != GiveUpLog.Line.DEBUG) {
      Delayed.run(GiveUpLog.MINUTE, this::summarizeGiveUps);
    }
  }

  private void summarizeGiveUps() {
    int given = giveUps.minuteEnded();
    if (given > 0) {
      LOG.warnf(
          "%d kicks given up in the last %d s after failed publishes",
          given, GiveUpLog.MINUTE.toSeconds());
    }
  }

  private static void later(Runnable step) {
    Delayed.run(Jitter.around(RETRY, ThreadLocalRandom.current().nextDouble()), step);
  }
}
