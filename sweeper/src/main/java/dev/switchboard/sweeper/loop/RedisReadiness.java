package dev.switchboard.sweeper.loop;

import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.observe.ReadinessChanges;
import dev.switchboard.core.observe.RedisReachability;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The sweeper service is ready (with {@link LoopHealth}) once Redis has answered, and until it has
 * gone unanswered for {@code switchboard.redis.grace}. Read from {@link RedisReachability}'s last
 * answer, so a probe answers at once even during a partition, instead of waiting on Redis as
 * Quarkus's own Redis check (now off) did. Liveness does not look at Redis: a restart would not
 * bring it back.
 */
@Readiness
@ApplicationScoped
public class RedisReadiness implements HealthCheck {

  private final RedisReachability redis;
  private final Duration grace;
  private final ReadinessChanges changes = new ReadinessChanges("sweeper");
  private volatile long timer = -1;

  public RedisReadiness(RedisReachability redis, SwitchboardConfig config) {
    this.redis = redis;
    this.grace = config.redis().grace();
  }

  void start(@Observes StartupEvent event, Vertx vertx) {
    timer = redis.start(vertx);
  }

  void stop(@Observes ShutdownEvent event, Vertx vertx) {
    vertx.cancelTimer(timer);
  }

  @Override
  public HealthCheckResponse call() {
    long now = System.nanoTime();
    boolean ready = redis.isReachable(grace, now);
    changes.observe(ready, redis.notReadyReason(grace, now));
    return HealthCheckResponse.named("sweeper-redis")
        .status(ready)
        .withData("redis", ready ? "up" : "down")
        .withData("redisUnansweredMs", redis.unansweredFor(now).toMillis())
        .build();
  }
}
