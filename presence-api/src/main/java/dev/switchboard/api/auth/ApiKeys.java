package dev.switchboard.api.auth;

import dev.switchboard.api.ApiConfig;
import dev.switchboard.api.ApiConfigProblems;
import dev.switchboard.core.config.InvalidConfigException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.jboss.logging.Logger;

/** The accepted API keys; checked at start-up so a missing key list fails fast. */
@ApplicationScoped
public class ApiKeys {

  private static final Logger LOG = Logger.getLogger(ApiKeys.class);

  private final boolean enabled;
  private final List<byte[]> keys;

  private final ApiConfig config;

  public ApiKeys(ApiConfig config) {
    this.config = config;
    this.enabled = config.auth().enabled();
    this.keys =
        config.auth().keys().orElse(List.of()).stream()
            .filter(k -> !k.isBlank())
            .map(k -> k.trim().getBytes(StandardCharsets.UTF_8))
            .toList();
  }

  /** Fails start-up naming every bad presence-api key (presence-core checks the shared ones). */
  void check(@Observes StartupEvent event) {
    List<String> problems = ApiConfigProblems.of(config);
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    if (!enabled) {
      LOG.warn(
          "API KEYS ARE OFF (switchboard.api.auth.enabled=false): anyone can query and route.");
    }
  }

  /** Whether keys are required at all. */
  public boolean enabled() {
    return enabled;
  }

  /** Constant-time comparison against every accepted key. */
  public boolean accepts(String presented) {
    byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (byte[] key : keys) {
      match |= MessageDigest.isEqual(key, bytes);
    }
    return match;
  }
}
