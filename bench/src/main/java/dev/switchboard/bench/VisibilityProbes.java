package dev.switchboard.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asks {@code GET /v1/presence/{device}} until the device reads online, from the moment its {@code
 * welcome} was read, and logs each probe's timeline in a {@link ProbeLog}. A lookup that does not
 * find the device yet is repeated at once (no sleep, so the tail is not quantized by one); a probe
 * gives up after 10 s.
 *
 * <p>{@link Client#VERTX} (the default) runs the lookups on their own Vert.x instance and event
 * loop, over a pool of HTTP/1.1 keep-alive connections, so a probe neither waits behind the
 * simulated devices' event loop nor for a connection. {@link Client#JDK} is the probe the connect
 * scenario used before (one {@code java.net.http.HttpClient} with its defaults), kept to compare.
 */
final class VisibilityProbes implements AutoCloseable {

  /** Which HTTP client sends the lookups. */
  enum Client {
    VERTX,
    JDK
  }

  private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Client kind;
  private final int apiPort;
  private final Vertx vertx;
  private final Context context;
  private final HttpClient vertxHttp;
  private final java.net.http.HttpClient jdkHttp;

  VisibilityProbes(Client kind, int apiPort, int connections) {
    this.kind = kind;
    this.apiPort = apiPort;
    if (kind == Client.VERTX) {
      this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
      this.context = vertx.getOrCreateContext();
      this.vertxHttp =
          vertx.createHttpClient(
              new HttpClientOptions()
                  .setDefaultHost("127.0.0.1")
                  .setDefaultPort(apiPort)
                  .setProtocolVersion(HttpVersion.HTTP_1_1)
                  .setKeepAlive(true)
                  .setPipelining(false),
              new PoolOptions().setHttp1MaxSize(connections));
      this.jdkHttp = null;
    } else {
      this.vertx = null;
      this.context = null;
      this.vertxHttp = null;
      this.jdkHttp = java.net.http.HttpClient.newHttpClient();
    }
  }

  /**
   * Starts a probe of {@code device}, welcomed at {@code welcomedAt}, logged in {@code log};
   * completes when it ends.
   */
  CompletableFuture<Void> probe(String device, long welcomedAt, ProbeLog log) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (kind == Client.VERTX) {
      // handed to the probe's own event loop: the caller is the simulated devices' event loop
      context.runOnContext(v -> new Run(device, welcomedAt, log, done).next());
    } else {
      new Run(device, welcomedAt, log, done).next();
    }
    return done;
  }

  /** One probe's lookups. */
  private final class Run {
    private final String device;
    private final long welcomedAt;
    private final ProbeLog log;
    private final CompletableFuture<Void> done;
    private final long issuedAt = System.nanoTime();
    private final int inFlightAtIssue;
    private int lookups;
    private long slowest;

    Run(String device, long welcomedAt, ProbeLog log, CompletableFuture<Void> done) {
      this.device = device;
      this.welcomedAt = welcomedAt;
      this.log = log;
      this.done = done;
      this.inFlightAtIssue = log.started();
    }

    void next() {
      long sent = System.nanoTime();
      lookups++;
      lookup()
          .whenComplete(
              (online, failure) -> {
                if (failure != null) {
                  log.failed(failure);
                } else if (online.isEmpty()) {
                  log.notOnline(online.reason());
                }
                answered(sent, failure == null && online.isPresent());
              });
    }

    private void answered(long sent, boolean online) {
      long now = System.nanoTime();
      slowest = Math.max(slowest, now - sent);
      if (online || now - welcomedAt > GIVE_UP_NANOS) {
        log.finished(
            new ProbeLog.Probe(
                welcomedAt, issuedAt, now, lookups, slowest, inFlightAtIssue, online));
        done.complete(null);
      } else {
        next();
      }
    }

    private CompletableFuture<Answer> lookup() {
      String path = "/v1/presence/" + device;
      if (kind == Client.VERTX) {
        return vertxHttp
            .request(HttpMethod.GET, path)
            .compose(
                request ->
                    request
                        .send()
                        .compose(r -> r.body().map(b -> online(r.statusCode(), b.toString()))))
            .toCompletionStage()
            .toCompletableFuture();
      }
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path)).build();
      return jdkHttp
          .sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .thenApply(r -> online(r.statusCode(), r.body()));
    }
  }

  /** A lookup's answer: online, or why not (the status, and "stale" or "offline" if it said). */
  private record Answer(boolean isPresent, String reason) {
    boolean isEmpty() {
      return !isPresent;
    }
  }

  private static Answer online(int status, String body) {
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (RuntimeException e) {
      return new Answer(false, status + " (not JSON)");
    }
    if (status == 200 && json.getBoolean("online", false)) {
      return new Answer(true, "online");
    }
    return new Answer(
        false, status + (Boolean.TRUE.equals(json.getBoolean("stale")) ? " stale" : " offline"));
  }

  @Override
  public void close() {
    if (vertx != null) {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // best effort at the end of a run
      }
    }
  }
}
