package dev.switchboard.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Probes {@code /q/health/ready} as the kubelet does, with a probe timeout: records when each probe
 * was sent, what it answered and how long it took, so a test can check that readiness answers
 * within the probe's timeout during a partition and when it turned DOWN.
 */
public final class ReadinessProbe {

  /** One probe: sent {@code atMs} after the start, answered {@code status} (0: no answer). */
  public record Answer(long atMs, int status, long tookMs) {}

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI ready;
  private final Duration timeout;

  public ReadinessProbe(URI base, Duration timeout) {
    this.ready = base.resolve("/q/health/ready");
    this.timeout = timeout;
  }

  /** One probe now; status 0 when no answer came within the timeout. */
  public Answer probe(long startNanos) {
    long sent = System.nanoTime();
    int status;
    try {
      status =
          http.send(
                  HttpRequest.newBuilder(ready).timeout(timeout).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode();
    } catch (HttpTimeoutException e) {
      status = 0;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    long now = System.nanoTime();
    return new Answer((sent - startNanos) / 1_000_000, status, (now - sent) / 1_000_000);
  }

  /**
   * Probes every {@code period} from {@code startNanos} until one answers {@code status} or {@code
   * limit} has passed; returns every answer.
   */
  public List<Answer> until(int status, long startNanos, Duration period, Duration limit) {
    List<Answer> answers = new ArrayList<>();
    long deadline = startNanos + limit.toNanos();
    while (System.nanoTime() < deadline) {
      Answer answer = probe(startNanos);
      answers.add(answer);
      if (answer.status() == status) {
        break;
      }
      RedisServer.sleep(Math.max(0, period.toMillis() - answer.tookMs()));
    }
    return answers;
  }
}
