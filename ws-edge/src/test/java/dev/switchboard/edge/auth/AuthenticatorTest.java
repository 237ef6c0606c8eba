package dev.switchboard.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

  private static final long NOW = 1_800_000_000_000L;
  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  private final JwtVerifier verifier =
      new JwtVerifier(
          Map.of("HS256", StaticKeys.secrets(List.of(SECRET))),
          new ClaimRules(Optional.empty(), Optional.empty(), 0));
  private final String token =
      TestTokens.signedWith(SECRET, new JsonObject().put("sub", "d1").put("exp", NOW / 1000 + 60));
  private final Authenticator jwt = Authenticator.jwt(verifier);

  @Test
  void tokenFromAuthorizationHeader() {
    assertThat(jwt.authenticate(Optional.of("Bearer " + token), Optional.empty(), List.of(), NOW))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void tokenFromAccessTokenQueryParameter() {
    assertThat(
            jwt.authenticate(
                Optional.empty(), Optional.of("x=1&access_token=" + token), List.of(), NOW))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void tokenFromQuarkusSubprotocolHeaderForm() {
    List<String> protocols =
        List.of("bearer-token-carrier, quarkus-http-upgrade#Authorization#Bearer " + token);

    assertThat(jwt.authenticate(Optional.empty(), Optional.empty(), protocols, NOW))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void missingTokenIs401WithAHint() {
    AuthResult result =
        jwt.authenticate(Optional.empty(), Optional.of("device=d1"), List.of(), NOW);

    assertThat(result).isInstanceOf(AuthResult.Rejected.class);
    assertThat(((AuthResult.Rejected) result).status()).isEqualTo(401);
    assertThat(((AuthResult.Rejected) result).reason()).contains("Authorization: Bearer");
  }

  @Test
  void authOffTakesTheDeviceFromTheQueryAndValidatesIt() {
    Authenticator none = Authenticator.none();

    assertThat(none.authenticate(Optional.empty(), Optional.of("device=abc%40x"), List.of(), NOW))
        .isEqualTo(new AuthResult.Authenticated("abc@x", Optional.empty()));
    assertThat(none.authenticate(Optional.empty(), Optional.of("device=a%20b"), List.of(), NOW))
        .isInstanceOf(AuthResult.Rejected.class);
    assertThat(none.authenticate(Optional.empty(), Optional.empty(), List.of(), NOW))
        .isEqualTo(new AuthResult.Rejected(400, "query parameter 'device' is required"));
  }
}
