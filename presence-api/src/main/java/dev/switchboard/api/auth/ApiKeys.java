package dev.switchboard.api.auth;

import dev.switchboard.api.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * The accepted API keys ({@link dev.switchboard.api.ApiConfigProblems} checks the entries at
 * start-up).
 */
@ApplicationScoped
public class ApiKeys {

  private final boolean enabled;
  private final List<ApiKey> keys;

  @Inject
  public ApiKeys(ApiConfig config) {
    this(config.auth().enabled(), ApiKeyEntries.parse(config.auth().keys().orElse(List.of())));
  }

  ApiKeys(boolean enabled, ApiKeyEntries.Parsed parsed) {
    this.enabled = enabled;
    this.keys = parsed.keys();
  }

  /** Whether keys are required at all. */
  public boolean enabled() {
    return enabled;
  }

  public List<ApiKey> all() {
    return keys;
  }

  /**
   * The key whose secret was presented. Compares digests of equal length with every key, without
   * stopping at a match, so the time taken says nothing about which key or how much of it matched.
   */
  public Optional<ApiKey> authenticate(String presented) {
    byte[] digest = ApiKeyEntries.digest(presented);
    ApiKey found = null;
    for (ApiKey key : keys) {
      if (MessageDigest.isEqual(key.secretDigest(), digest)) {
        found = key;
      }
    }
    return Optional.ofNullable(found);
  }
}
