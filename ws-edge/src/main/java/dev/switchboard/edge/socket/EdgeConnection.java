package dev.switchboard.edge.socket;

import dev.switchboard.edge.delivery.DeliveryWindow;
import io.quarkus.websockets.next.WebSocketConnection;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One open socket and the presence state the edge keeps for it.
 *
 * <p>An edge holds one per socket, so its state is kept in plain fields: the once-only flags and
 * the send counter are updated through {@link VarHandle}s rather than an {@code Atomic*} object
 * each, and the token's expiry is a primitive (48 and 32 bytes of every idle socket).
 */
public final class EdgeConnection {

  private static final VarHandle RELEASED;
  private static final VarHandle CLOSING;
  private static final VarHandle PENDING_SENDS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      RELEASED = lookup.findVarHandle(EdgeConnection.class, "released", boolean.class);
      CLOSING = lookup.findVarHandle(EdgeConnection.class, "closing", boolean.class);
      PENDING_SENDS = lookup.findVarHandle(EdgeConnection.class, "pendingSends", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** {@link #tokenExpiresAtMs} when the token carried no expiry. */
  private static final long NO_EXPIRY = Long.MIN_VALUE;

  private final String conn;
  private final String device;
  private final String remoteIp;

  /** The address a trusted proxy named for the client; null when the socket peer is the client. */
  private final String addr;

  private final WebSocketConnection socket;
  private final long tokenExpiresAtMs;
  private final long openedAtMs;
  private final CompletableFuture<Boolean> claim = new CompletableFuture<>();
  private volatile boolean released;
  private volatile boolean closing;
  private volatile int pendingSends;
  private volatile long lastActivityNanos;
  private volatile long lastPingNanos;
  private volatile long confirmedNanos;
  private volatile long epoch;
  private volatile SocketEnd end = SocketEnd.CLIENT_CLOSED;
  private volatile DeliveryWindow delivery;
  private boolean deliveryStarted;

  public EdgeConnection(
      String conn,
      String device,
      String remoteIp,
      String proxiedAddr,
      WebSocketConnection socket,
      Optional<Long> tokenExpiresAtMs,
      long openedAtMs,
      long nowNanos) {
    this.conn = conn;
    this.device = device;
    this.remoteIp = remoteIp;
    this.addr = proxiedAddr;
    this.socket = socket;
    this.tokenExpiresAtMs = tokenExpiresAtMs.orElse(NO_EXPIRY);
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

  /**
   * The client's address: the one a trusted proxy named, else the socket's peer, derived again on
   * each call (for the claim and a reclaim) rather than kept as one more string per socket.
   */
  public String addr() {
    if (addr != null || socket == null) {
      return addr;
    }
    return socket.handshakeRequest().remoteAddress();
  }

  public WebSocketConnection socket() {
    return socket;
  }

  public Optional<Long> tokenExpiresAtMs() {
    return tokenExpiresAtMs == NO_EXPIRY ? Optional.empty() : Optional.of(tokenExpiresAtMs);
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
    return RELEASED.compareAndSet(this, false, true);
  }

  public boolean isReleased() {
    return released;
  }

  /** True exactly once: whoever gets true closes the socket and decides the end reason. */
  public boolean markClosing(SocketEnd end) {
    if (CLOSING.compareAndSet(this, false, true)) {
      this.end = end;
      return true;
    }
    return false;
  }

  public boolean isClosing() {
    return closing;
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
   * durable message costs nothing more). Made after {@link #startDelivery}, it starts at once.
   */
  public DeliveryWindow delivery(int window) {
    DeliveryWindow current = delivery;
    if (current == null) {
      synchronized (this) {
        current = delivery;
        if (current == null) {
          current = new DeliveryWindow(window);
          if (deliveryStarted) {
            current.start(false);
          }
          delivery = current;
        }
      }
    }
    return current;
  }

  /**
   * Delivery may begin (the socket was welcomed). Makes no window: one made later starts at once.
   *
   * @return the window, when one was made before (a wake during the claim), to be started
   */
  public synchronized Optional<DeliveryWindow> startDelivery() {
    deliveryStarted = true;
    return Optional.ofNullable(delivery);
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
    if ((int) PENDING_SENDS.getAndAdd(this, 1) + 1 > bound) {
      PENDING_SENDS.getAndAdd(this, -1);
      return false;
    }
    socket
        .sendText(frame)
        .subscribe()
        .with(
            ok -> PENDING_SENDS.getAndAdd(this, -1), failure -> PENDING_SENDS.getAndAdd(this, -1));
    return true;
  }
}
