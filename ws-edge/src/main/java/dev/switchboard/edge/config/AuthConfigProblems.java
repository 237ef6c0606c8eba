package dev.switchboard.edge.config;

import dev.switchboard.edge.auth.PemKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Checks the {@code switchboard.auth.*} settings, naming each bad key. Pure. */
final class AuthConfigProblems {

  private static final Set<String> ALGORITHMS = Set.of("HS256", "RS256", "ES256");

  private AuthConfigProblems() {}

  static List<String> of(AuthConfig auth) {
    List<String> problems = new ArrayList<>();
    switch (auth.mode()) {
      case "none" -> {}
      case "jwt" -> jwt(auth, problems);
      default ->
          problems.add("switchboard.auth.mode must be 'jwt' or 'none', got '" + auth.mode() + "'");
    }
    return problems;
  }

  private static void jwt(AuthConfig auth, List<String> problems) {
    if (auth.secret().isEmpty() && auth.publicKeyPem().isEmpty() && auth.jwksUrl().isEmpty()) {
      problems.add(
          "switchboard.auth.secret is required when switchboard.auth.mode=jwt unless"
              + " switchboard.auth.public-key-pem or switchboard.auth.jwks-url is set"
              + " (or set switchboard.auth.mode=none for a local run)");
    }
    for (String alg : auth.algorithms()) {
      if (!ALGORITHMS.contains(alg)) {
        problems.add(
            "switchboard.auth.algorithms: '" + alg + "' is not one of HS256, RS256, ES256");
      }
    }
    secret(problems, "switchboard.auth.secret", auth.secret());
    secret(problems, "switchboard.auth.secondary-secret", auth.secondarySecret());
    if (auth.secondarySecret().isPresent() && auth.secret().isEmpty()) {
      problems.add("switchboard.auth.secondary-secret needs switchboard.auth.secret (the new one)");
    }
    if (auth.publicKeyPem().isPresent() && auth.jwksUrl().isPresent()) {
      problems.add(
          "switchboard.auth.public-key-pem and switchboard.auth.jwks-url: set one, not both");
    }
    auth.publicKeyPem()
        .ifPresent(
            pem -> {
              Optional<PublicKey> key = PemKeys.parse(pem);
              if (key.isEmpty() || PemKeys.algorithmOf(key.get()).isEmpty()) {
                problems.add(
                    "switchboard.auth.public-key-pem must be a PEM 'BEGIN PUBLIC KEY' of an RSA"
                        + " or P-256 EC key");
              }
            });
    auth.jwksUrl()
        .ifPresent(
            url -> {
              if (!isHttpUrl(url)) {
                problems.add("switchboard.auth.jwks-url must be an http(s) URL, got '" + url + "'");
              }
            });
    positive(problems, "switchboard.auth.jwks-cache-ttl", auth.jwksCacheTtl());
    positive(problems, "switchboard.auth.jwks-refresh-min-interval", auth.jwksRefreshMinInterval());
    positive(problems, "switchboard.auth.jwks-fetch-timeout", auth.jwksFetchTimeout());
    if (auth.leeway().isNegative()) {
      problems.add("switchboard.auth.leeway must not be negative, got " + auth.leeway());
    }
    blank(problems, "switchboard.auth.issuer", auth.issuer());
    blank(problems, "switchboard.auth.audience", auth.audience());
  }

  private static void secret(List<String> problems, String key, Optional<String> secret) {
    int bytes = secret.map(text -> text.getBytes(StandardCharsets.UTF_8).length).orElse(32);
    if (bytes < 32) {
      // the length only: a secret's value never goes to the log
      problems.add(key + " must be at least 32 bytes for HS256, got " + bytes);
    }
  }

  private static void blank(List<String> problems, String key, Optional<String> value) {
    if (value.isPresent() && value.get().isBlank()) {
      problems.add(key + " must not be blank when set");
    }
  }

  private static void positive(List<String> problems, String key, Duration value) {
    if (value.isZero() || value.isNegative()) {
      problems.add(key + " must be a positive duration, got " + value);
    }
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = URI.create(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
