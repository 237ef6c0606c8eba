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
 * within the probe's timeout during a partition and when it turned DOWN ({@link #acrossBlackhole}:
 * the whole procedure, checked by {@link Blackhole#problems}).
 */
public final class ReadinessProbe {

  /** One probe: sent {@code atMs} after the start, answered {@code status} (0: no answer). */
  public record Answer(long atMs, int status, long tookMs) {}

  /**
   * What readiness answered around a blackhole of the path to Redis: until it was ready, from the
   * blackhole until it went DOWN ({@code atMs} counted from the blackhole), and after the path
   * healed until it was ready again.
   */
  public record Blackhole(List<Answer> before, List<Answer> during, List<Answer> after) {

    /** How many probes the blackhole took, the slowest answer and when readiness went DOWN. */
    public String summary() {
      return String.format(
          "READINESS during a blackhole: %d probes, slowest answer %d ms, DOWN after %d ms",
          during.size(),
          during.stream().mapToLong(Answer::tookMs).max().orElse(-1),
          during.isEmpty() ? -1 : last(during).atMs());
    }

    /**
     * Where readiness did not behave as a check that reads the last Redis answer should: ready
     * before, every probe answered within the probe timeout, UP until DOWN and DOWN no earlier than
     * {@code earliestDown} into the blackhole, ready again once healed. Empty when none.
     */
    public List<String> problems(Duration earliestDown) {
      List<String> problems = new ArrayList<>();
      if (!endsWith(before, 200)) {
        problems.add("never ready before the blackhole: " + before);
        return problems;
      }
      during.stream()
          .filter(a -> a.status() == 0)
          .forEach(a -> problems.add("no answer within the probe timeout: " + a));
      if (!endsWith(during, 503)) {
        problems.add("never DOWN during the blackhole: " + during);
      } else {
        if (last(during).atMs() < earliestDown.toMillis()) {
          problems.add(
              "DOWN after "
                  + last(during).atMs()
                  + " ms, before Redis was silent for the grace (earliest "
                  + earliestDown.toMillis()
                  + " ms)");
        }
        during.subList(0, during.size() - 1).stream()
            .filter(a -> a.status() != 200 && a.status() != 0)
            .forEach(a -> problems.add("not ready before going DOWN: " + a));
      }
      if (!endsWith(after, 200)) {
        problems.add("not ready again after the path healed: " + after);
      }
      return problems;
    }

    private static boolean endsWith(List<Answer> answers, int status) {
      return !answers.isEmpty() && last(answers).status() == status;
    }

    private static Answer last(List<Answer> answers) {
      return answers.get(answers.size() - 1);
    }
  }

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
   * Waits until ready, blackholes the path to Redis through {@code proxy} and probes until DOWN,
   * heals the path and waits until ready again. Stops at the first step that does not come.
   */
  public Blackhole acrossBlackhole(TcpProxy proxy) {
    Duration period = Duration.ofMillis(200);
    List<Answer> before = until(200, System.nanoTime(), period, Duration.ofSeconds(20));
    if (before.isEmpty() || before.get(before.size() - 1).status() != 200) {
      return new Blackhole(before, List.of(), List.of());
    }
    List<Answer> during;
    try {
      proxy.freeze();
      during = until(503, System.nanoTime(), Duration.ofMillis(250), Duration.ofSeconds(15));
    } finally {
      proxy.thaw();
    }
    return new Blackhole(
        before, during, until(200, System.nanoTime(), period, Duration.ofSeconds(15)));
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
