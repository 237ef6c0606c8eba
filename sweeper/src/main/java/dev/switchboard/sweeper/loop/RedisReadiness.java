package dev.switchboard.sweeper.loop;

import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.observe.CachedRedisReadiness;
import dev.switchboard.core.observe.RedisReachability;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.Readiness;

/**
 * The sweeper service is ready (with {@link LoopHealth}) while Redis answers it, within the grace.
 * Liveness does not look at Redis: a restart would not bring it back.
 */
@Readiness
@ApplicationScoped
public class RedisReadiness extends CachedRedisReadiness {

  public RedisReadiness(RedisReachability redis, SwitchboardConfig config) {
    super("sweeper", "sweeper-redis", redis, config);
  }
}
