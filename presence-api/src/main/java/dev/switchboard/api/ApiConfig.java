package dev.switchboard.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** presence-api settings. */
@ConfigMapping(prefix = "switchboard.api")
public interface ApiConfig {

  /** Most device ids in one lookup request (413 beyond). */
  @WithDefault("1000")
  int maxLookup();

  /** Largest routed message payload in bytes (413 beyond). */
  @WithDefault("65536")
  int maxMessageBytes();

  /** Static bearer keys for internal callers. */
  Auth auth();

  /** API key settings. */
  interface Auth {
    /** Require a key; turning it off must be explicit. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Accepted bearer keys, comma-separated, each {@code name:secret:scope[+scope]} with scopes
     * {@code read}, {@code route}, {@code admin}; a plain {@code secret} is {@code key-<n>} with
     * every scope (start-up warns). Required while auth is enabled.
     */
    Optional<List<String>> keys();
  }
}
