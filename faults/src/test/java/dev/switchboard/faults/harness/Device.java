package dev.switchboard.faults.harness;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One simulated device that follows the client protocol and keeps the ground truth: which of its
 * sockets are open, which connection id and epoch each got in its {@code welcome}, and every close
 * it saw (code, reason, edge). It reconnects after 1001 (at the {@code reconnect} hint), 1013 (at
 * least the hinted delay), a lost connection or a refused upgrade, with the full-jitter back-off of
 * its {@code welcome}; never after 4001, 4409, 1008, 1009 or 1002.
 */
public final class Device {

  public static final int REPLACED = 4001;
  private static final Pattern RETRY_HINT = Pattern.compile("try again in (\\d+) ms");

  final String id;
  private final Fleet fleet;
  private final Map<WebSocket, Socket> open = new LinkedHashMap<>();
  private final List<Close> closes = new ArrayList<>();
  private final Set<String> messages = ConcurrentHashMap.newKeySet();
  private final AtomicInteger pending = new AtomicInteger();
  private final Map<String, Long> endNoticedAt = new ConcurrentHashMap<>();
  private volatile boolean reconnecting = true;
  private volatile long maxWelcomedEpoch = -1;
  private volatile int attempt;
  private volatile long baseMs = 250;
  private volatile long maxMs = 2_000;

  /** What the client holds: the edge index, the connection id and epoch of its welcome. */
  public record Held(int edge, String conn, long epoch) {}

  /**
   * A socket that closed.
   *
   * @param epoch the epoch of its welcome, or -1 if it closed before one
   * @param atNanos {@link System#nanoTime()} when the client saw the close
   * @param drainNotice whether a {@code reconnect} frame came before the close
   */
  public record Close(
      String device,
      int edge,
      String conn,
      long epoch,
      int code,
      String reason,
      long atNanos,
      boolean drainNotice) {

    public boolean welcomed() {
      return epoch >= 0;
    }
  }

  private static final class Socket {
    final int edge;
    volatile String conn = "";
    volatile long epoch = -1;
    volatile long hintMs = -1;
    volatile boolean drainNotice;

    Socket(int edge) {
      this.edge = edge;
    }
  }

  Device(String id, Fleet fleet) {
    this.id = id;
    this.fleet = fleet;
  }

  public String id() {
    return id;
  }

  /** Opens one more socket to edge {@code edge}; completes once it is welcomed. */
  public Future<Held> connect(int edge) {
    pending.incrementAndGet();
    return fleet
        .open(edge, id)
        .transform(
            ar -> {
              if (ar.failed()) {
                pending.decrementAndGet();
                retryLater(edge + 1, -1);
                return Future.failedFuture(ar.cause());
              }
              return attach(ar.result(), edge);
            });
  }

  private Future<Held> attach(WebSocket ws, int edge) {
    Socket socket = new Socket(edge);
    io.vertx.core.Promise<Held> welcomed = io.vertx.core.Promise.promise();
    synchronized (this) {
      open.put(ws, socket);
    }
    pending.decrementAndGet();
    ws.textMessageHandler(text -> onFrame(ws, socket, new JsonObject(text), welcomed));
    ws.exceptionHandler(e -> {});
    ws.closeHandler(ignored -> onClose(ws, socket, welcomed));
    return welcomed.future();
  }

  private void onFrame(
      WebSocket ws, Socket socket, JsonObject frame, io.vertx.core.Promise<Held> welcomed) {
    switch (frame.getString("type", "")) {
      case "welcome" -> {
        socket.conn = frame.getString("connectionId", "");
        socket.epoch = frame.getLong("epoch", 0L);
        JsonObject reconnect = frame.getJsonObject("reconnect", new JsonObject());
        baseMs = reconnect.getLong("baseMs", baseMs);
        maxMs = reconnect.getLong("maxMs", maxMs);
        attempt = 0;
        synchronized (this) {
          maxWelcomedEpoch = Math.max(maxWelcomedEpoch, socket.epoch);
        }
        welcomed.tryComplete(new Held(socket.edge, socket.conn, socket.epoch));
      }
      case "reconnect" -> {
        socket.hintMs = frame.getLong("afterMs", -1L);
        socket.drainNotice = true;
        endNoticedAt.putIfAbsent(socket.conn, System.nanoTime());
      }
      case "message" -> {
        messages.add(frame.getString("id", ""));
        ws.writeTextMessage(
            new JsonObject().put("type", "ack").put("id", frame.getString("id")).encode());
      }
      default -> {}
    }
  }

  private void onClose(WebSocket ws, Socket socket, io.vertx.core.Promise<Held> welcomed) {
    Short status = ws.closeStatusCode();
    int code = status == null ? 1006 : status;
    String reason = ws.closeReason() == null ? "" : ws.closeReason();
    boolean alone;
    endNoticedAt.putIfAbsent(socket.conn, System.nanoTime());
    synchronized (this) {
      open.remove(ws);
      closes.add(
          new Close(
              id,
              socket.edge,
              socket.conn,
              socket.epoch,
              code,
              reason,
              System.nanoTime(),
              socket.drainNotice));
      alone = open.isEmpty() && pending.get() == 0;
    }
    welcomed.tryFail("closed with " + code + " " + reason + " before welcome");
    if (code == REPLACED
        || code == 4409
        || code == 1008
        || code == 1009
        || code == 1002
        || !alone) {
      return;
    }
    long hint = socket.hintMs;
    if (code == 1013) {
      Matcher m = RETRY_HINT.matcher(reason);
      hint = m.find() ? Long.parseLong(m.group(1)) : -1;
    }
    retryLater(socket.edge + 1, hint);
  }

  private void retryLater(int edge, long hintMs) {
    if (!reconnecting) {
      return;
    }
    long cap = Math.min(maxMs, baseMs << Math.min(attempt, 10));
    long jitter = ThreadLocalRandom.current().nextLong(cap + 1);
    long delay = hintMs >= 0 ? hintMs + ThreadLocalRandom.current().nextLong(baseMs) : jitter;
    attempt++;
    int target = Math.floorMod(edge, fleet.edgeCount());
    fleet.vertx.setTimer(
        Math.max(1, delay),
        t -> {
          if (reconnecting && fleet.isUp(target)) {
            connect(target);
          } else if (reconnecting) {
            retryLater(target + 1, -1);
          }
        });
  }

  /** The most recently welcomed socket still open (highest epoch), if any. */
  public synchronized Optional<Held> held() {
    Socket best = null;
    for (Socket s : open.values()) {
      if (s.epoch >= 0 && (best == null || s.epoch > best.epoch)) {
        best = s;
      }
    }
    return best == null
        ? Optional.empty()
        : Optional.of(new Held(best.edge, best.conn, best.epoch));
  }

  /** Whether an open socket of this device has been told to reconnect (it is being drained). */
  public synchronized boolean draining() {
    return open.values().stream().anyMatch(s -> s.drainNotice);
  }

  /**
   * When the client first learned that connection {@code conn} ends: its {@code reconnect} frame or
   * its close, in {@link System#nanoTime()}; empty while neither came.
   */
  public Optional<Long> endNoticedAt(String conn) {
    return Optional.ofNullable(endNoticedAt.get(conn));
  }

  /** Welcomed sockets still open. */
  public synchronized int openWelcomed() {
    return (int) open.values().stream().filter(s -> s.epoch >= 0).count();
  }

  public synchronized List<Close> closes() {
    return List.copyOf(closes);
  }

  /** Highest epoch any welcome of this device carried. */
  public long maxWelcomedEpoch() {
    return maxWelcomedEpoch;
  }

  public Set<String> messages() {
    return messages;
  }

  public void reconnecting(boolean on) {
    reconnecting = on;
  }

  /** Stops reconnecting and closes every socket with 1000. */
  public void stop() {
    reconnecting = false;
    List<WebSocket> sockets;
    synchronized (this) {
      sockets = new ArrayList<>(open.keySet());
    }
    sockets.forEach(WebSocket::close);
  }
}
