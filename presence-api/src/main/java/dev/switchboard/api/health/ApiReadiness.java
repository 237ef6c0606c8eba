package dev.switchboard.api.health;

import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.observe.CachedRedisReadiness;
import dev.switchboard.core.observe.RedisReachability;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.Readiness;

/** The presence-api is ready while Redis answers it, within the grace. */
@Readiness
@ApplicationScoped
public class ApiReadiness extends CachedRedisReadiness {

  public ApiReadiness(RedisReachability redis, SwitchboardConfig config) {
    super("presence-api", "presence-api", redis, config);
  }
}
