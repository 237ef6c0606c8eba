package dev.switchboard.api;

import dev.switchboard.api.auth.ApiKey;
import dev.switchboard.api.auth.ApiKeyEntries;
import dev.switchboard.api.auth.Scope;
import dev.switchboard.core.config.ConfigProblems;
import dev.switchboard.core.config.InvalidConfigException;
import dev.switchboard.core.config.SwitchboardConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The presence-api's one start-up validator: checks the shared settings and the {@code
 * switchboard.api.*} ones, naming each bad key, and fails start-up when any is bad. The checks
 * themselves are pure.
 */
@Singleton
public class ApiConfigProblems {

  private static final Logger LOG = Logger.getLogger(ApiConfigProblems.class);

  /**
   * Fails start-up naming every bad key, the shared ones and the presence-api's, in one block;
   * warns loudly when keys are off.
   */
  // before any observer that talks to Redis (a stop while a connection opens logs an ERROR)
  void check(
      @Observes @Priority(3) StartupEvent event, ApiConfig config, SwitchboardConfig shared) {
    List<String> problems = new ArrayList<>(ConfigProblems.of(shared));
    problems.addAll(of(config));
    problems.addAll(ofDelivery(config.maxMessageBytes(), shared.delivery().maxBytes()));
    InvalidConfigException.throwIfAny(problems);
    if (!config.auth().enabled()) {
      LOG.warn(
          "API KEYS ARE OFF (switchboard.api.auth.enabled=false): anyone can query and route.");
      return;
    }
    for (ApiKey key : ApiKeyEntries.parse(config.auth().keys().orElse(List.of())).keys()) {
      if (key.legacy()) {
        LOG.warnf(
            "API key %s is a plain secret: accepted with every scope (read, route, admin)."
                + " Name it and narrow it: %s:<secret>:read+route",
            key.name(), key.name());
      } else {
        LOG.infof(
            "API key %s: %s",
            key.name(),
            String.join("+", key.scopes().stream().sorted().map(Scope::wireName).toList()));
      }
    }
  }

  /** The largest payload the API accepts must fit a device's outbox. */
  public static List<String> ofDelivery(int maxMessageBytes, long outboxMaxBytes) {
    if (outboxMaxBytes < maxMessageBytes) {
      return List.of(
          "switchboard.delivery.max-bytes ("
              + outboxMaxBytes
              + ") must be at least switchboard.api.max-message-bytes ("
              + maxMessageBytes
              + "), or a message the API accepts could never be stored durably");
    }
    return List.of();
  }

  public static List<String> of(
      int maxLookup, int maxMessageBytes, boolean authEnabled, List<String> keys) {
    List<String> problems = new ArrayList<>();
    if (maxLookup < 1 || maxLookup > 10_000) {
      problems.add("switchboard.api.max-lookup must be 1 to 10000, got " + maxLookup);
    }
    if (maxMessageBytes < 2 || maxMessageBytes > 1_048_576) {
      problems.add(
          "switchboard.api.max-message-bytes must be 2 to 1048576, got " + maxMessageBytes);
    }
    if (authEnabled && keys.stream().allMatch(String::isBlank)) {
      problems.add(
          "switchboard.api.auth.keys must list at least one key"
              + " (or set switchboard.api.auth.enabled=false, for local runs only)");
    }
    if (authEnabled) {
      ApiKeyEntries.parse(keys).problems().stream()
          .map(p -> "switchboard.api.auth.keys: " + p)
          .forEach(problems::add);
    }
    return problems;
  }

  public static List<String> of(ApiConfig config) {
    return of(
        config.maxLookup(),
        config.maxMessageBytes(),
        config.auth().enabled(),
        config.auth().keys().orElse(List.of()));
  }
}
