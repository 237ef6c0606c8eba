package dev.switchboard.api.auth;

import dev.switchboard.api.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The accepted API keys ({@link dev.switchboard.api.ApiConfigProblems} checks them at start-up).
 */
@ApplicationScoped
public class ApiKeys {

  private final boolean enabled;
  private final List<byte[]> keys;

  public ApiKeys(ApiConfig config) {
    this.enabled = config.auth().enabled();
    this.keys =
        config.auth().keys().orElse(List.of()).stream()
            .filter(k -> !k.isBlank())
            .map(k -> k.trim().getBytes(StandardCharsets.UTF_8))
            .toList();
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
