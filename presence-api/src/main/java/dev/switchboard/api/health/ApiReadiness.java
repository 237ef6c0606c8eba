package dev.switchboard.api.health;

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
 * Ready once Redis has answered, and until it has gone unanswered for {@code
 * switchboard.redis.grace}: a blip does not take every replica out of the Service at once. Read
 * from {@link RedisReachability}'s last answer, so a probe answers at once even during a partition
 * (Quarkus's own Redis check, now off, waited on Redis for every probe).
 */
@Readiness
@ApplicationScoped
public class ApiReadiness implements HealthCheck {

  private final RedisReachability redis;
  private final Duration grace;
  private final ReadinessChanges changes = new ReadinessChanges("presence-api");
  private volatile long timer = -1;

  public ApiReadiness(RedisReachability redis, SwitchboardConfig config) {
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
    Duration silent = redis.unansweredFor(now);
    changes.observe(ready, redis.notReadyReason(grace, now));
    return HealthCheckResponse.named("presence-api")
        .status(ready)
        .withData("redis", ready ? "up" : "down")
        .withData("redisUnansweredMs", silent.toMillis())
        .build();
  }
}
