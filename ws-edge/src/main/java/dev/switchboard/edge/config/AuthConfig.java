package dev.switchboard.edge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How devices authenticate when they connect. */
@ConfigMapping(prefix = "switchboard.auth")
public interface AuthConfig {

  /**
   * {@code jwt} (signed tokens, the default) or {@code none} (device from ?device=, local only).
   */
  @WithDefault("jwt")
  String mode();

  /** Token algorithms accepted, among HS256, RS256 and ES256; a token with any other is refused. */
  @WithDefault("HS256,RS256,ES256")
  List<String> algorithms();

  /** The HS256 signing secret (at least 32 bytes). */
  Optional<String> secret();

  /** A second HS256 secret also accepted, for a rotation: the old secret goes here. */
  Optional<String> secondarySecret();

  /** A PEM public key ({@code BEGIN PUBLIC KEY}, RSA or EC P-256) for RS256 or ES256 tokens. */
  Optional<String> publicKeyPem();

  /** An http(s) URL serving a JWKS, for RS256 and ES256 tokens whose {@code kid} names the key. */
  Optional<String> jwksUrl();

  /** How long a fetched JWKS is used before it is fetched again (in the background). */
  @WithDefault("10m")
  Duration jwksCacheTtl();

  /**
   * The least time between two JWKS fetch starts; a token with an unknown {@code kid} waits for a
   * fetch allowed by it, and is refused at once in between.
   */
  @WithDefault("30s")
  Duration jwksRefreshMinInterval();

  /** How long a JWKS fetch may take. */
  @WithDefault("5s")
  Duration jwksFetchTimeout();

  /** When set, a token's {@code iss} must equal it. */
  Optional<String> issuer();

  /** When set, a token's {@code aud} (a string or an array) must contain it. */
  Optional<String> audience();

  /**
   * Clock skew tolerated on {@code exp} and {@code nbf}, at the upgrade and mid-session alike: a
   * connected device is closed 1008 once {@code exp} plus this has passed.
   */
  @WithDefault("30s")
  Duration leeway();
}
