package dev.switchboard.edge.delivery;

import dev.switchboard.core.model.OutboxBatch;
import dev.switchboard.core.model.OutboxEntry;
import dev.switchboard.core.model.StreamId;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * One connection's durable delivery state, and every decision about it, without I/O: when to read
 * the outbox and from where, how many entries the window has room for, and whether an ack is
 * acceptable. At most one read is in flight, and it counts as in flight until its entries were
 * handed to the socket ({@link #sent()}), so entries reach the socket in seq order even when a wake
 * and an ack race on different threads. Only seqs are kept: at most {@code size} of them.
 *
 * <p>Thread-safe: callbacks of the socket, the inbox and Redis replies arrive on different threads.
 */
public final class DeliveryWindow {

  /** Read up to {@code count} entries after {@code after}. */
  public record Read(StreamId after, int count) {}

  private final int size;
  private final ArrayDeque<StreamId> unacked = new ArrayDeque<>();
  private boolean started;
  private boolean reading;
  private boolean wanted;
  private StreamId acked = StreamId.ZERO;
  private StreamId scanned = StreamId.ZERO;
  private StreamId lastSent = StreamId.ZERO;

  public DeliveryWindow(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("window must be at least 1");
    }
    this.size = size;
  }

  /**
   * The connection was welcomed: delivery may begin. {@code pending} says whether the claim found
   * messages waiting; a wake that came before the welcome counts too.
   */
  public synchronized Optional<Read> start(boolean pending) {
    started = true;
    wanted |= pending;
    return next();
  }

  /** New messages may wait (a wake, or a retry after a failed read). */
  public synchronized Optional<Read> wake() {
    wanted = true;
    return next();
  }

  /**
   * A read came back: records its entries as in flight and returns them, to be sent in this order
   * and then followed by {@link #sent()}. Entries at or below the device's acked cursor are dropped
   * from the window (another connection of the device acked them).
   */
  public synchronized List<OutboxEntry> received(OutboxBatch batch) {
    acked = max(acked, batch.acked());
    unacked.removeIf(seq -> seq.compareTo(acked) <= 0);
    batch.lastScanned().ifPresent(seq -> scanned = max(scanned, seq));
    for (OutboxEntry entry : batch.entries()) {
      unacked.addLast(entry.seq());
      lastSent = max(lastSent, entry.seq());
    }
    wanted |= batch.full();
    return batch.entries();
  }

  /** The entries of the last read were handed to the socket: the next read, if one is due. */
  public synchronized Optional<Read> sent() {
    reading = false;
    return next();
  }

  /** The read failed: nothing was sent; a {@link #wake()} retries it. */
  public synchronized void readFailed() {
    reading = false;
    wanted = true;
  }

  /** Decides what to do with {@code ack {seq}} ({@code seq} empty when it was not a stream id). */
  public synchronized AckCheck check(Optional<StreamId> seq, String raw) {
    if (seq.isEmpty()) {
      return new AckCheck.Malformed("seq '" + raw + "' is not a stream id \"<ms>-<n>\"");
    }
    StreamId s = seq.get();
    if (s.compareTo(lastSent) > 0) {
      return new AckCheck.NeverSent(s, lastSent);
    }
    if (s.compareTo(acked) <= 0) {
      return new AckCheck.Stale(s);
    }
    return new AckCheck.Apply(s);
  }

  /** The device's cursor is now at least {@code cursor}: the window has room again. */
  public synchronized Optional<Read> acked(StreamId cursor) {
    acked = max(acked, cursor);
    unacked.removeIf(seq -> seq.compareTo(acked) <= 0);
    return next();
  }

  /** Entries sent to this connection and not acknowledged yet (never more than the window). */
  public synchronized int inFlight() {
    return unacked.size();
  }

  /** The highest seq sent to this connection. */
  public synchronized StreamId lastSent() {
    return lastSent;
  }

  private Optional<Read> next() {
    int room = size - unacked.size();
    if (!started || reading || !wanted || room <= 0) {
      return Optional.empty();
    }
    reading = true;
    wanted = false;
    return Optional.of(new Read(max(acked, scanned), room));
  }

  private static StreamId max(StreamId a, StreamId b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
