package dev.switchboard.core.observe;

import dev.switchboard.core.redis.ScriptRunner;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * When Redis last answered this process, kept by a PING every {@link #PERIOD} so that a readiness
 * probe reads a timestamp and never waits on Redis: during a partition each probe would otherwise
 * block for the Redis timeout (Quarkus's own Redis health check does), longer than a probe's.
 */
public final class RedisReachability {

  /** How often Redis is pinged. */
  public static final Duration PERIOD = Duration.ofSeconds(1);

  private final ScriptRunner runner;
  private final long createdNanos = System.nanoTime();
  private final AtomicBoolean pinging = new AtomicBoolean();
  private volatile long lastAnswerNanos;
  private volatile boolean answered;

  public RedisReachability(ScriptRunner runner) {
    this.runner = runner;
  }

  /** Pings now and then every {@link #PERIOD}; returns the timer, for {@code cancelTimer}. */
  public long start(io.vertx.core.Vertx vertx) {
    ping();
    return vertx.setPeriodic(PERIOD.toMillis(), id -> ping());
  }

  /** Sends one PING unless the previous one is still waiting (bounded by the Redis timeout). */
  public void ping() {
    if (!pinging.compareAndSet(false, true)) {
      return;
    }
    runner
        .send(Request.cmd(Command.PING))
        .subscribe()
        .with(
            reply -> {
              answered(System.nanoTime());
              pinging.set(false);
            },
            failure -> pinging.set(false));
  }

  /** Records an answer from Redis (a ping's, or any other call's). */
  public void answered(long nowNanos) {
    lastAnswerNanos = nowNanos;
    answered = true;
  }

  /** Whether Redis has answered this process at least once. */
  public boolean everAnswered() {
    return answered;
  }

  /** How long Redis has gone unanswered: since the last answer, or since start when none yet. */
  public Duration unansweredFor(long nowNanos) {
    return Duration.ofNanos(Math.max(0, nowNanos - (answered ? lastAnswerNanos : createdNanos)));
  }

  /** Ready as far as Redis goes: it answered once, and not longer ago than the grace. */
  public boolean isReachable(Duration grace, long nowNanos) {
    return answered && unansweredFor(nowNanos).compareTo(grace) <= 0;
  }

  /** Why Redis makes the service not ready, for the log line; empty when it does not. */
  public String notReadyReason(Duration grace, long nowNanos) {
    if (!answered) {
      return "Redis has not answered yet";
    }
    Duration silent = unansweredFor(nowNanos);
    return silent.compareTo(grace) > 0
        ? "Redis unanswered for "
            + silent.toMillis()
            + " ms (switchboard.redis.grace "
            + grace
            + ")"
        : "";
  }
}
