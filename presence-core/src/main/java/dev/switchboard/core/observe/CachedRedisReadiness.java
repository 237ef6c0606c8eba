package dev.switchboard.core.observe;

import dev.switchboard.core.config.SwitchboardConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * A service's readiness as far as Redis goes: ready once Redis has answered, and until it has gone
 * unanswered for {@code switchboard.redis.grace}, so a blip does not take every replica out of the
 * Service at once. Read from {@link RedisReachability}'s last answer, so a probe answers at once
 * even during a partition (Quarkus's own Redis check, now off, waited on Redis for every probe). A
 * service subclasses it as its {@code @Readiness @ApplicationScoped} bean; the observers that start
 * and stop the pings are inherited.
 */
public abstract class CachedRedisReadiness implements HealthCheck {

  private final String check;
  private final RedisReachability redis;
  private final Duration grace;
  private final ReadinessChanges changes;
  private volatile long timer = -1;

  /** For the client proxy of a normal-scoped subclass (ArC adds the subclass's own). */
  protected CachedRedisReadiness() {
    this.check = null;
    this.redis = null;
    this.grace = null;
    this.changes = null;
  }

  /**
   * @param service the name readiness changes are logged under
   * @param check the health check's name in {@code /q/health/ready}
   */
  protected CachedRedisReadiness(
      String service, String check, RedisReachability redis, SwitchboardConfig config) {
    this.check = check;
    this.redis = redis;
    this.grace = config.redis().grace();
    this.changes = new ReadinessChanges(service);
  }

  protected void start(@Observes StartupEvent event, Vertx vertx) {
    timer = redis.start(vertx);
  }

  protected void stop(@Observes ShutdownEvent event, Vertx vertx) {
    vertx.cancelTimer(timer);
  }

  @Override
  public HealthCheckResponse call() {
    long now = System.nanoTime();
    boolean ready = redis.isReachable(grace, now);
    changes.observe(ready, redis.notReadyReason(grace, now));
    return HealthCheckResponse.named(check)
        .status(ready)
        .withData("redis", ready ? "up" : "down")
        .withData("redisUnansweredMs", redis.unansweredFor(now).toMillis())
        .build();
  }
}
