package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One simulated device speaking the client protocol: waits for {@code welcome}, lets Vert.x answer
 * the server's pings, reconnects with full-jitter back-off after 1001 (at the hinted delay), 1013,
 * 4429 and lost connections, and never reconnects after 4001 (a newer connection of its own took
 * over). It records the ground truth the churn scenario compares Redis with: the socket that last
 * received {@code welcome} and has not closed since.
 */
final class SimDevice {

  static final int REPLACED = 4001;
  static final int GOING_AWAY = 1001;
  static final int TRY_AGAIN_LATER = 1013;
  static final int FLAPPING = 4429;

  final String id;
  private final Fleet fleet;
  private final List<Target> targets;
  private final String token;
  private final Counters counters;
  private volatile boolean reconnecting;
  private volatile int attempt;
  private volatile long reconnectHintMs = -1;

  /**
   * Welcomed sockets that have not closed, in welcome order, with their target index: the ground
   * truth. Two can overlap for a moment during a takeover (the older one is about to get 4001).
   */
  private final LinkedHashMap<WebSocket, Held> welcomedOpen = new LinkedHashMap<>();

  private volatile long welcomedAtNanos;
  private final AtomicInteger openSockets = new AtomicInteger();

  /** Counts shared by a fleet of devices. */
  static final class Counters {
    final AtomicInteger welcomed = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger replaced = new AtomicInteger();
    final AtomicInteger closedByServer = new AtomicInteger();
  }

  SimDevice(String id, Fleet fleet, List<Target> targets, boolean withToken, Counters counters) {
    this.id = id;
    this.fleet = fleet;
    this.targets = targets;
    this.token = withToken ? Tokens.forDevice(id) : null;
    this.counters = counters;
  }

  /** Whether the device reconnects by itself after losing its socket (not after 4001). */
  SimDevice reconnecting(boolean on) {
    this.reconnecting = on;
    return this;
  }

  /** Opens a socket to {@code targets[index]}; completes with it once welcomed. */
  Future<WebSocket> connect(int index) {
    Promise<WebSocket> welcomed = Promise.promise();
    // Opened on the fleet's event loop, so that the socket's handlers are set as the upgrade
    // completes, before that loop reads on. Opened from another thread (the scenario's), a
    // listener added after the upgrade had completed ran a hop later, and a welcome the loop read
    // meanwhile went to no handler: 68 of 15,000 paced connects never settled (2026-12-01).
    fleet.onLoop(
        () ->
            fleet
                .open(targets.get(index), id, token)
                .onComplete(
                    opened -> {
                      if (opened.succeeded()) {
                        attach(opened.result(), index, welcomed);
                        return;
                      }
                      Throwable e = opened.cause();
                      if (e instanceof UpgradeRejectedException) {
                        counters.refused.incrementAndGet();
                      } else {
                        counters.failed.incrementAndGet();
                      }
                      welcomed.tryFail(e);
                      retryLater(index, -1);
                    }));
    return welcomed.future();
  }

  private void attach(WebSocket ws, int index, Promise<WebSocket> welcomed) {
    openSockets.incrementAndGet();
    ws.textMessageHandler(
        text -> {
          JsonObject frame = new JsonObject(text);
          switch (frame.getString("type", "")) {
            case "welcome" -> {
              welcomedAtNanos = System.nanoTime();
              attempt = 0;
              synchronized (welcomedOpen) {
                welcomedOpen.put(ws, new Held(index, frame.getString("connectionId")));
              }
              counters.welcomed.incrementAndGet();
              welcomed.tryComplete(ws);
            }
            case "reconnect" -> reconnectHintMs = frame.getLong("afterMs", -1L);
            case "message" ->
                ws.writeTextMessage(
                    new JsonObject().put("type", "ack").put("id", frame.getString("id")).encode());
            default -> {}
          }
        });
    ws.closeHandler(
        ignored -> {
          openSockets.decrementAndGet();
          boolean wasLive;
          synchronized (welcomedOpen) {
            wasLive = welcomedOpen.remove(ws) != null;
          }
          Short code = ws.closeStatusCode();
          int status = code == null ? 1006 : code;
          welcomed.tryFail("closed with " + status + " before welcome");
          if (status == REPLACED) {
            counters.replaced.incrementAndGet();
            return;
          }
          if (wasLive || status != 1006) {
            counters.closedByServer.incrementAndGet();
          }
          retryLater((index + 1) % targets.size(), status);
        });
    ws.exceptionHandler(e -> {});
  }

  private void retryLater(int index, int status) {
    if (!reconnecting) {
      return;
    }
    long delay;
    if (status == GOING_AWAY && reconnectHintMs >= 0) {
      delay = reconnectHintMs;
      reconnectHintMs = -1;
    } else {
      long cap = status == FLAPPING ? 60_000 : Math.min(30_000, 250L << Math.min(attempt, 7));
      delay = ThreadLocalRandom.current().nextLong(cap + 1); // full jitter
    }
    attempt++;
    // Checked again when the timer fires: a back-off scheduled before reconnecting was turned off
    // must not connect afterwards (the churn comparison needs the fleet to have settled).
    fleet.vertx.setTimer(
        Math.max(1, delay),
        t -> {
          if (reconnecting) {
            connect(index);
          }
        });
  }

  /** The most recently welcomed socket still open, or null. */
  WebSocket live() {
    synchronized (welcomedOpen) {
      WebSocket last = null;
      for (WebSocket ws : welcomedOpen.keySet()) {
        last = ws;
      }
      return last;
    }
  }

  /** A welcomed socket's target index and the connection id its welcome carried. */
  record Held(int target, String conn) {}

  /** The most recently welcomed open socket's target and connection id, or null. */
  Held held() {
    synchronized (welcomedOpen) {
      Held last = null;
      for (Held held : welcomedOpen.values()) {
        last = held;
      }
      return last;
    }
  }

  /** Index of the target holding the most recently welcomed open socket, or -1. */
  int liveTarget() {
    Held held = held();
    return held == null ? -1 : held.target();
  }

  /** Sockets open at the client, welcomed or not. */
  int openSockets() {
    return openSockets.get();
  }

  /** Welcomed sockets still open: more than one after things settle is a duplicate. */
  int openWelcomed() {
    synchronized (welcomedOpen) {
      return welcomedOpen.size();
    }
  }

  long welcomedAtNanos() {
    return welcomedAtNanos;
  }

  /** Stops reconnecting and closes the socket with 1000. */
  void stop() {
    reconnecting = false;
    List<WebSocket> sockets;
    synchronized (welcomedOpen) {
      sockets = new ArrayList<>(welcomedOpen.keySet());
    }
    sockets.forEach(WebSocket::close);
  }
}
