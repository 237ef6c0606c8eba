package dev.switchboard.edge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How devices authenticate when they connect. */
@ConfigMapping(prefix = "switchboard.auth")
public interface AuthConfig {

  /** {@code jwt} (HS256 tokens, the default) or {@code none} (device from ?device=, local only). */
  @WithDefault("jwt")
  String mode();

  /** The HS256 signing secret (at least 32 bytes); required when mode is jwt. */
  Optional<String> secret();

  /** Clock skew tolerated when checking {@code exp} and {@code nbf}. */
  @WithDefault("30s")
  Duration leeway();
}
