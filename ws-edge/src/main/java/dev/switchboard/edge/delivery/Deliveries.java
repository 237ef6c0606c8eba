package dev.switchboard.edge.delivery;

import dev.switchboard.core.Delayed;
import dev.switchboard.core.model.AckOutcome;
import dev.switchboard.core.model.OutboxBatch;
import dev.switchboard.core.model.OutboxEntry;
import dev.switchboard.core.model.StreamId;
import dev.switchboard.core.store.Outbox;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.lifecycle.Outbound;
import dev.switchboard.edge.observe.EdgeMetrics;
import dev.switchboard.edge.observe.LogFields;
import dev.switchboard.edge.protocol.ClientMessage;
import dev.switchboard.edge.protocol.ServerFrames;
import dev.switchboard.edge.socket.EdgeConnection;
import dev.switchboard.edge.socket.LocalConnections;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Sends each connection its device's durable messages and applies its acks: reads the outbox after
 * the welcome, on every wake and whenever an ack makes room in the window, and sends what it read
 * as {@code message {id, seq, payload}} through the bounded outbound queue. The decisions are
 * {@link DeliveryWindow}'s; this class only talks to Redis and the socket.
 */
@ApplicationScoped
public class Deliveries {

  private static final Logger LOG = Logger.getLogger(Deliveries.class);
  static final Duration RETRY = Duration.ofSeconds(1);
  private static final int ACK_ATTEMPTS = 3;

  private final Outbox outbox;
  private final Outbound outbound;
  private final LocalConnections local;
  private final EdgeMetrics metrics;
  private final int window;

  public Deliveries(
      Outbox outbox,
      Outbound outbound,
      LocalConnections local,
      EdgeMetrics metrics,
      EdgeSettings settings) {
    this.outbox = outbox;
    this.outbound = outbound;
    this.local = local;
    this.metrics = metrics;
    this.window = settings.edge().delivery().window();
  }

  /** The window announced in {@code welcome}. */
  public int window() {
    return window;
  }

  /**
   * The connection was welcomed: send what waits. {@code pending} is the claim's word on whether
   * anything does; a wake that arrived during the claim counts as well.
   */
  public void start(EdgeConnection c, boolean pending) {
    // Nothing waits and no wake came: no window until one does (most sockets never need one).
    if (c.startDelivery().isPresent() || pending) {
      c.delivery(window).start(pending).ifPresent(read -> read(c, read));
    }
  }

  /** Messages were stored for the connection's device (an inbox {@code wake}). */
  public void wake(EdgeConnection c) {
    if (!c.isClosing()) {
      c.delivery(window).wake().ifPresent(read -> read(c, read));
    }
  }

  /**
   * The inbox subscription is back after it was lost: wakes published meanwhile reached nobody, so
   * every welcomed connection looks at its outbox once, {@link #WAKE_ALL_CHUNK} connections every
   * {@link #WAKE_ALL_PACE} (10,000 a second), so that a big edge coming back with Redis does not
   * send a read per socket at once.
   */
  public void wakeAll() {
    List<EdgeConnection> open =
        local.all().stream().filter(c -> c.isClaimed() && !c.isClosing()).toList();
    List<List<EdgeConnection>> chunks = new ArrayList<>();
    for (int from = 0; from < open.size(); from += WAKE_ALL_CHUNK) {
      chunks.add(open.subList(from, Math.min(open.size(), from + WAKE_ALL_CHUNK)));
    }
    Multi.createFrom()
        .iterable(chunks)
        .onItem()
        .call(
            chunk ->
                Uni.createFrom()
                    .voidItem()
                    .onItem()
                    .delayIt()
                    .by(WAKE_ALL_PACE)
                    .invoke(() -> chunk.forEach(this::wakeIfWaiting)))
        .subscribe()
        .with(chunk -> {}, failure -> LOG.debugf("waking every connection failed: %s", failure));
  }

  /**
   * A connection with a window reads as on a wake. One without (nothing was ever sent to it, and
   * most sockets never receive a durable message) first looks whether its outbox holds anything,
   * and gets a window only if it does: a resubscribe must not leave a window on every socket.
   */
  private void wakeIfWaiting(EdgeConnection c) {
    if (c.isClosing()) {
      return;
    }
    if (c.delivery().isPresent()) {
      wake(c);
      return;
    }
    outbox
        .readAfter(c.device(), StreamId.ZERO, 1)
        .subscribe()
        .with(
            batch -> {
              metrics.deliveryExpired(batch.expired());
              if (!batch.entries().isEmpty() && isOpen(c)) {
                wake(c);
              }
            },
            failure -> {
              metrics.redisError();
              LogFields.debug(
                  c, LOG, "outbox look after a resubscribe failed, reading: %s", failure);
              if (isOpen(c)) {
                wake(c);
              }
            });
  }

  static final int WAKE_ALL_CHUNK = 500;
  static final Duration WAKE_ALL_PACE = Duration.ofMillis(50);

  /** The client sent {@code ack {seq}}. */
  public void ack(EdgeConnection c, ClientMessage.AckSeq ack) {
    AckCheck check = c.delivery(window).check(ack.seq(), ack.raw());
    if (check instanceof AckCheck.Malformed malformed) {
      badAck(c, malformed.reason());
    } else if (check instanceof AckCheck.NeverSent never) {
      badAck(c, never.reason());
    } else if (check instanceof AckCheck.Apply apply) {
      applyAck(c, apply.seq(), 1);
    }
  }

  private void badAck(EdgeConnection c, String reason) {
    metrics.badAck();
    LogFields.debug(c, LOG, "bad_ack: %s", reason);
    outbound.send(c, ServerFrames.error("bad_ack", reason));
  }

  private void applyAck(EdgeConnection c, StreamId seq, int attempt) {
    outbox
        .ack(c.device(), c.conn(), c.epoch(), seq)
        .subscribe()
        .with(
            outcome -> acked(c, outcome),
            failure -> {
              metrics.redisError();
              if (attempt < ACK_ATTEMPTS && isOpen(c)) {
                later(() -> applyAck(c, seq, attempt + 1));
              } else {
                LogFields.about(
                    c, () -> LOG.warnf("ack of %s not applied: %s", seq, failure.toString()));
              }
            });
  }

  private void acked(EdgeConnection c, AckOutcome outcome) {
    DeliveryWindow w = c.delivery(window);
    if (outcome instanceof AckOutcome.Acked moved) {
      metrics.deliveryAcked(moved.trimmed());
      w.acked(moved.cursor()).ifPresent(read -> read(c, read));
    } else if (outcome instanceof AckOutcome.Unchanged unchanged) {
      w.acked(unchanged.cursor()).ifPresent(read -> read(c, read));
    } else if (outcome instanceof AckOutcome.Replaced replaced) {
      metrics.ackRefused();
      LogFields.about(
          c,
          () ->
              LOG.infof(
                  "ack ignored: conn %s (epoch %d) owns the device now",
                  replaced.holderConn(), replaced.holderEpoch()));
    }
  }

  private void read(EdgeConnection c, DeliveryWindow.Read read) {
    outbox
        .readAfter(c.device(), read.after(), read.count())
        .subscribe()
        .with(
            batch -> send(c, batch),
            failure -> {
              metrics.redisError();
              c.delivery(window).readFailed();
              LogFields.debug(c, LOG, "outbox read failed, retrying: %s", failure);
              later(
                  () -> {
                    if (isOpen(c)) {
                      wake(c);
                    }
                  });
            });
  }

  private void send(EdgeConnection c, OutboxBatch batch) {
    DeliveryWindow w = c.delivery(window);
    List<OutboxEntry> entries = w.received(batch);
    metrics.deliveryExpired(batch.expired());
    if (!c.isClosing()) {
      for (OutboxEntry entry : entries) {
        outbound.send(
            c,
            ServerFrames.durableMessage(entry.id(), entry.seq().toString(), entry.payloadJson()));
      }
      metrics.deliverySent(entries.size(), batch.redelivered());
    }
    // a socket that is gone reads no further; its messages wait for the device's next connection
    w.sent().filter(next -> isOpen(c)).ifPresent(next -> read(c, next));
  }

  private boolean isOpen(EdgeConnection c) {
    return !c.isClosing() && local.byConn(c.conn()).isPresent();
  }

  private void later(Runnable action) {
    Delayed.run(RETRY, action);
  }
}
