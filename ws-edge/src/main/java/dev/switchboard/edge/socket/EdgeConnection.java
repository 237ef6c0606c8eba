package dev.switchboard.edge.socket;

import dev.switchboard.edge.delivery.DeliveryWindow;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** One open socket and the presence state the edge keeps for it. */
public final class EdgeConnection {

  private final String conn;
  private final String device;
  private final String remoteIp;
  private final String addr;
  private final WebSocketConnection socket;
  private final Optional<Long> tokenExpiresAtMs;
  private final long openedAtMs;
  private final CompletableFuture<Boolean> claim = new CompletableFuture<>();
  private final AtomicBoolean released = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicInteger pendingSends = new AtomicInteger();
  private volatile long lastActivityNanos;
  private volatile long lastPingNanos;
  private volatile long confirmedNanos;
  private volatile long epoch;
  private volatile SocketEnd end = SocketEnd.CLIENT_CLOSED;
  private volatile DeliveryWindow delivery;

  public EdgeConnection(
      String conn,
      String device,
      String remoteIp,
      String addr,
      WebSocketConnection socket,
      Optional<Long> tokenExpiresAtMs,
      long openedAtMs,
      long nowNanos) {
    this.conn = conn;
    this.device = device;
    this.remoteIp = remoteIp;
    this.addr = addr;
    this.socket = socket;
    this.tokenExpiresAtMs = tokenExpiresAtMs;
    this.openedAtMs = openedAtMs;
    this.lastActivityNanos = nowNanos;
    this.lastPingNanos = nowNanos;
    this.confirmedNanos = nowNanos;
  }

  public String conn() {
    return conn;
  }

  public String device() {
    return device;
  }

  public String remoteIp() {
    return remoteIp;
  }

  public String addr() {
    return addr;
  }

  public WebSocketConnection socket() {
    return socket;
  }

  public Optional<Long> tokenExpiresAtMs() {
    return tokenExpiresAtMs;
  }

  public long openedAtMs() {
    return openedAtMs;
  }

  /** Completes with true once the claim succeeded, false if it was refused or failed. */
  public CompletableFuture<Boolean> claim() {
    return claim;
  }

  public boolean isClaimed() {
    return claim.isDone() && !claim.isCompletedExceptionally() && claim.join();
  }

  /** True exactly once: whoever gets true performs the release. */
  public boolean markReleased() {
    return released.compareAndSet(false, true);
  }

  public boolean isReleased() {
    return released.get();
  }

  /** True exactly once: whoever gets true closes the socket and decides the end reason. */
  public boolean markClosing(SocketEnd end) {
    if (closing.compareAndSet(false, true)) {
      this.end = end;
      return true;
    }
    return false;
  }

  public boolean isClosing() {
    return closing.get();
  }

  public SocketEnd end() {
    return end;
  }

  public void recordActivity(long nowNanos) {
    lastActivityNanos = nowNanos;
  }

  public long lastActivityNanos() {
    return lastActivityNanos;
  }

  /** A touch found the entry still this connection's. */
  public void recordConfirmed(long nowNanos) {
    confirmedNanos = nowNanos;
  }

  /**
   * When the edge last saw the entry hold this connection ({@link System#nanoTime()}): its last
   * touch, or else its open (the claim that follows writes the entry).
   */
  public long confirmedNanos() {
    return confirmedNanos;
  }

  public long lastPingNanos() {
    return lastPingNanos;
  }

  public void recordPing(long nowNanos) {
    lastPingNanos = nowNanos;
  }

  /**
   * The connection's durable delivery window, made on first use (a socket that never receives a
   * durable message costs nothing more).
   */
  public DeliveryWindow delivery(int window) {
    DeliveryWindow current = delivery;
    if (current == null) {
      synchronized (this) {
        current = delivery;
        if (current == null) {
          current = new DeliveryWindow(window);
          delivery = current;
        }
      }
    }
    return current;
  }

  /** The delivery window, if one was made. */
  public Optional<DeliveryWindow> delivery() {
    return Optional.ofNullable(delivery);
  }

  public long epoch() {
    return epoch;
  }

  public void epoch(long epoch) {
    this.epoch = epoch;
  }

  /**
   * Sends a frame unless {@code bound} frames already wait to be written: then nothing is sent and
   * the answer is false (the caller cuts the slow consumer off). The bound keeps a client that
   * reads slower than it is sent to from growing the edge's memory without limit.
   */
  public boolean trySend(String frame, int bound) {
    if (pendingSends.incrementAndGet() > bound) {
      pendingSends.decrementAndGet();
      return false;
    }
    socket
        .sendText(frame)
        .subscribe()
        .with(ok -> pendingSends.decrementAndGet(), failure -> pendingSends.decrementAndGet());
    return true;
  }
}
