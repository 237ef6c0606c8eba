package dev.switchboard.faults.harness;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;

/** A fleet of {@link Device}s over the edges of one {@link Services}: the ground truth. */
public final class Fleet implements AutoCloseable {

  /** The floor for the suite's scale; {@code -Dfaults.devices} raises it. */
  public static final int DEVICES = Integer.getInteger("faults.devices", 500);

  private static final int BATCH = 100;

  final Vertx vertx;
  private final WebSocketClient client;
  private final List<Services.Edge> edges;
  private final boolean[] down;
  private final List<Device> devices = new ArrayList<>();

  public Fleet(Services services, String prefix, int count) {
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    this.client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxConnections(100_000)
                .setConnectTimeout(10_000)
                .setTryUsePerMessageCompression(false));
    this.edges = services.edges();
    this.down = new boolean[edges.size()];
    for (int i = 0; i < count; i++) {
      devices.add(new Device(prefix + i, this));
    }
  }

  Future<WebSocket> open(int edge, String device) {
    Services.Edge target = edges.get(edge);
    return client.connect(
        new WebSocketConnectOptions()
            .setHost("127.0.0.1")
            .setPort(target.port())
            .setURI("/v1/connect?device=" + device));
  }

  int edgeCount() {
    return edges.size();
  }

  boolean isUp(int edge) {
    return !down[edge];
  }

  /** Devices stop reconnecting to this edge (it was terminated); they go to the next one. */
  public void markDown(int edge) {
    down[edge] = true;
  }

  public List<Device> devices() {
    return List.copyOf(devices);
  }

  public List<String> ids() {
    return devices.stream().map(Device::id).toList();
  }

  public String pod(int edge) {
    return edges.get(edge).pod();
  }

  /** Connects every device to {@code edgeOf(index)} in batches and waits until all are held. */
  public void connectAll(IntUnaryOperator edgeOf) throws InterruptedException {
    for (int from = 0; from < devices.size(); from += BATCH) {
      List<Future<Device.Held>> batch = new ArrayList<>();
      for (int i = from; i < Math.min(devices.size(), from + BATCH); i++) {
        batch.add(devices.get(i).connect(edgeOf.applyAsInt(i)));
      }
      Future.join(batch).toCompletionStage().toCompletableFuture().handle((r, e) -> null).join();
    }
    awaitAll("every device welcomed", d -> d.held().isPresent(), Duration.ofSeconds(60));
  }

  /**
   * Opens a second socket of every device to {@code edge} (a takeover: the older one gets 4001) and
   * waits until every device holds a socket there.
   */
  public void moveAllTo(int edge, List<Device> which) throws InterruptedException {
    for (int from = 0; from < which.size(); from += BATCH) {
      List<Future<Device.Held>> batch = new ArrayList<>();
      for (int i = from; i < Math.min(which.size(), from + BATCH); i++) {
        batch.add(which.get(i).connect(edge));
      }
      Future.join(batch).toCompletionStage().toCompletableFuture().handle((r, e) -> null).join();
    }
    awaitAll(
        "every moved device held on " + pod(edge),
        d ->
            !which.contains(d)
                || (d.held().map(h -> h.edge() == edge).orElse(false) && d.openWelcomed() == 1),
        Duration.ofSeconds(60));
  }

  /** Waits until {@code condition} holds for every device. */
  public void awaitAll(String what, Predicate<Device> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Device> failing = devices.stream().filter(condition.negate()).toList();
      if (failing.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        Device first = failing.get(0);
        throw new AssertionError(
            what
                + ": "
                + failing.size()
                + " devices still not, e.g. "
                + first.id()
                + " holding "
                + first.held()
                + " after closes "
                + first.closes());
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  /** Every close any device saw at or after {@code sinceNanos}. */
  public List<Device.Close> closesSince(long sinceNanos) {
    return devices.stream()
        .flatMap(d -> d.closes().stream())
        .filter(c -> c.atNanos() >= sinceNanos)
        .toList();
  }

  /**
   * 4001 closes with no newer welcomed connection of the same device: a live socket replaced by
   * nothing, which the protocol forbids (the client will not reconnect).
   */
  public List<Device.Close> replacedWithoutNewer() {
    List<Device.Close> wrong = new ArrayList<>();
    for (Device d : devices) {
      for (Device.Close c : d.closes()) {
        if (c.code() == Device.REPLACED && d.maxWelcomedEpoch() <= c.epoch()) {
          wrong.add(c);
        }
      }
    }
    return wrong;
  }

  public Optional<Device> device(String id) {
    return devices.stream().filter(d -> d.id().equals(id)).findFirst();
  }

  /** Stops reconnects and closes every socket. */
  public void stopAll() {
    devices.forEach(Device::stop);
  }

  @Override
  public void close() {
    devices.forEach(d -> d.reconnecting(false));
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort at exit
    }
  }
}
