package dev.switchboard.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthConfigProblemsTest {

  private static final String SECRET = "0123456789abcdef0123456789abcdef";

  /** The settings as SmallRye Config would hand them over, with the defaults of AuthConfig. */
  private record Auth(
      String mode,
      List<String> algorithms,
      Optional<String> secret,
      Optional<String> secondarySecret,
      Optional<String> publicKeyPem,
      Optional<String> jwksUrl,
      Optional<String> issuer,
      Optional<String> audience,
      Duration leeway)
      implements AuthConfig {

    static Auth withSecret() {
      return new Auth(
          "jwt",
          List.of("HS256", "RS256", "ES256"),
          Optional.of(SECRET),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Duration.ofSeconds(30));
    }

    @Override
    public Duration jwksCacheTtl() {
      return Duration.ofMinutes(10);
    }

    @Override
    public Duration jwksRefreshMinInterval() {
      return Duration.ofSeconds(30);
    }

    @Override
    public Duration jwksFetchTimeout() {
      return Duration.ofSeconds(5);
    }
  }

  @Test
  void theDefaultsWithASecretAreValid() {
    assertThat(AuthConfigProblems.of(Auth.withSecret())).isEmpty();
  }

  @Test
  void eachBadKeyIsNamed() {
    // given
    Auth bad =
        new Auth(
            "jwt",
            List.of("HS256", "PS512"),
            Optional.of("short"),
            Optional.of("also-short"),
            Optional.of("not a pem"),
            Optional.of("ftp://idp.example/jwks"),
            Optional.of(" "),
            Optional.empty(),
            Duration.ofSeconds(-1));

    // when
    List<String> problems = AuthConfigProblems.of(bad);

    // then
    assertThat(problems)
        .anyMatch(p -> p.startsWith("switchboard.auth.algorithms: 'PS512'"))
        .anyMatch(p -> p.startsWith("switchboard.auth.secret must be at least 32 bytes"))
        .anyMatch(p -> p.startsWith("switchboard.auth.secondary-secret must be at least 32 bytes"))
        .anyMatch(
            p -> p.startsWith("switchboard.auth.public-key-pem and switchboard.auth.jwks-url"))
        .anyMatch(p -> p.startsWith("switchboard.auth.public-key-pem must be a PEM"))
        .anyMatch(p -> p.startsWith("switchboard.auth.jwks-url must be an http(s) URL"))
        .anyMatch(p -> p.startsWith("switchboard.auth.issuer must not be blank"))
        .anyMatch(p -> p.startsWith("switchboard.auth.leeway must not be negative"));
  }

  @Test
  void jwtWithoutAnyKeyIsRefusedAndModeNoneNeedsNone() {
    Auth noKey =
        new Auth(
            "jwt",
            List.of("HS256"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Duration.ZERO);
    Auth none =
        new Auth(
            "none",
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Duration.ZERO);

    assertThat(AuthConfigProblems.of(noKey))
        .containsExactly(
            "switchboard.auth.secret is required when switchboard.auth.mode=jwt unless"
                + " switchboard.auth.public-key-pem or switchboard.auth.jwks-url is set"
                + " (or set switchboard.auth.mode=none for a local run)");
    assertThat(AuthConfigProblems.of(none)).isEmpty();
  }
}
