package dev.switchboard.bench;

import dev.switchboard.testsupport.RespClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The smoke's load, with nothing installed: a fixed number of HTTP requests in flight on the JDK's
 * client for a fixed time, and HGETALL over the fixtures' own RESP client for the Redis floor. It
 * proves the lookup scenario runs end to end; the figures in BENCHMARKS.md come from wrk and
 * redis-benchmark, which the full run uses.
 */
final class InJvmLoad {

  /**
   * Requests per second, latency percentiles, answers that were not 2xx (or failed), and requests
   * answered in all.
   */
  record Result(double requestsPerSecond, double p50Ms, double p99Ms, long errors, long requests) {}

  private InJvmLoad() {}

  /** Keeps {@code inFlight} requests going for {@code duration}; each from {@code requests}. */
  static Result http(int inFlight, Duration duration, Supplier<HttpRequest> requests)
      throws InterruptedException {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
    AtomicLong errors = new AtomicLong();
    long started = System.nanoTime();
    long deadline = started + duration.toNanos();
    CountDownLatch done = new CountDownLatch(inFlight);
    for (int i = 0; i < inFlight; i++) {
      next(client, requests, deadline, latencies, errors, done);
    }
    if (!done.await(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("requests still unanswered 30 s after the run");
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Percentiles p = Percentiles.of(List.copyOf(latencies));
    return new Result(latencies.size() / seconds, p.p50(), p.p99(), errors.get(), latencies.size());
  }

  private static void next(
      HttpClient client,
      Supplier<HttpRequest> requests,
      long deadline,
      ConcurrentLinkedQueue<Double> latencies,
      AtomicLong errors,
      CountDownLatch done) {
    if (System.nanoTime() >= deadline) {
      done.countDown();
      return;
    }
    long sent = System.nanoTime();
    client
        .sendAsync(requests.get(), HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, failure) -> {
              latencies.add((System.nanoTime() - sent) / 1e6);
              if (failure != null || response.statusCode() / 100 != 2) {
                errors.incrementAndGet();
              }
              next(client, requests, deadline, latencies, errors, done);
            });
  }

  /** HGETALL {@code key} {@code count} times, one after the other; calls per second. */
  static double redisHgetall(int port, String key, int count) throws IOException {
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) {
      RespClient.call("127.0.0.1", port, "HGETALL", key);
    }
    return count / ((System.nanoTime() - started) / 1e9);
  }
}
