package dev.switchboard.testsupport;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Receives durable messages ({@code message {id, seq, payload}}) on a {@link WsTestClient} the way
 * the protocol asks a client to: a message whose {@code seq} is at or below the last one delivered
 * is a duplicate (a redelivery after a reconnect), dropped and counted, and acked all the same;
 * every message is acked after it is recorded. One receiver may follow a device across sockets
 * ({@link #on}), as a client keeps its last seq across reconnects.
 */
public final class DurableReceiver {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private volatile WsTestClient socket;
  private final List<JsonObject> delivered = new ArrayList<>();
  private String lastSeq = "0-0";
  private int duplicates;

  public DurableReceiver(WsTestClient socket) {
    this.socket = socket;
  }

  /** Continues on another socket of the same device (after a reconnect). */
  public DurableReceiver on(WsTestClient next) {
    this.socket = next;
    return this;
  }

  /**
   * Waits until {@code count} new messages were delivered, acking each, and returns them in order.
   */
  public List<JsonObject> receive(int count) {
    return receive(count, true);
  }

  /**
   * Waits until {@code count} new messages were delivered and returns them in order; acks each
   * (duplicates too) only when {@code ack}: a client whose handler has not returned yet has not
   * acked.
   */
  public synchronized List<JsonObject> receive(int count, boolean ack) {
    List<JsonObject> fresh = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (fresh.size() < count) {
      long left = deadline - System.nanoTime();
      Optional<JsonObject> frame =
          left > 0 ? socket.nextWithin("message", Duration.ofNanos(left)) : Optional.empty();
      if (frame.isEmpty()) {
        throw new AssertionError(
            "received "
                + fresh.size()
                + " of "
                + count
                + " new messages within "
                + WAIT
                + " (last seq "
                + lastSeq
                + ", closed="
                + socket.closeStatus()
                + ")");
      }
      JsonObject message = frame.get();
      String seq = message.getString("seq");
      if (seq == null) {
        throw new AssertionError("a durable message without a seq: " + message);
      }
      if (compare(seq, lastSeq) <= 0) {
        duplicates++;
      } else {
        lastSeq = seq;
        delivered.add(message);
        fresh.add(message);
      }
      if (ack) {
        ack(seq);
      }
    }
    return fresh;
  }

  /** Sends {@code ack {seq}}. */
  public void ack(String seq) {
    socket.send(new JsonObject().put("type", "ack").put("seq", seq).encode());
  }

  /** Every message delivered (duplicates dropped), in order of arrival. */
  public synchronized List<JsonObject> delivered() {
    return List.copyOf(delivered);
  }

  /** The payloads delivered, in order. */
  public synchronized List<Object> payloads() {
    return delivered.stream().map(m -> m.getValue("payload")).toList();
  }

  /** Redelivered messages dropped because their seq was not above the last one delivered. */
  public synchronized int duplicates() {
    return duplicates;
  }

  /** The last seq delivered, {@code 0-0} before any. */
  public synchronized String lastSeq() {
    return lastSeq;
  }

  /** Compares two seqs {@code <ms>-<n>} part-wise as unsigned 64-bit numbers, never as text. */
  public static int compare(String a, String b) {
    String[] x = a.split("-", 2);
    String[] y = b.split("-", 2);
    int byMs = Long.compareUnsigned(Long.parseUnsignedLong(x[0]), Long.parseUnsignedLong(y[0]));
    return byMs != 0
        ? byMs
        : Long.compareUnsigned(Long.parseUnsignedLong(x[1]), Long.parseUnsignedLong(y[1]));
  }
}
