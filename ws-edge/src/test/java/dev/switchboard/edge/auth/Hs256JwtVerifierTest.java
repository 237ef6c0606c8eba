package dev.switchboard.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Hs256JwtVerifierTest {

  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  private static final long NOW_MS = 1_800_000_000_000L;
  private final Hs256JwtVerifier verifier = new Hs256JwtVerifier(SECRET, Duration.ofSeconds(5));

  private String token(JsonObject claims) {
    return verifier.sign(claims);
  }

  private JsonObject valid() {
    return new JsonObject().put("sub", "device-1").put("exp", NOW_MS / 1000 + 60);
  }

  @Test
  void validTokenAuthenticatesItsSubject() {
    assertThat(verifier.verify(token(valid()), NOW_MS))
        .isEqualTo(new AuthResult.Authenticated("device-1", Optional.of(NOW_MS + 60_000)));
  }

  @Test
  void tokenSignedWithAnotherSecretIsRejected() {
    String forged =
        new Hs256JwtVerifier("another-secret-another-secret-0000", Duration.ZERO).sign(valid());

    assertThat(verifier.verify(forged, NOW_MS))
        .isEqualTo(new AuthResult.Rejected(401, "token signature is invalid"));
  }

  @Test
  void expiredTokenIsRejectedAfterTheLeeway() {
    JsonObject claims = valid().put("exp", NOW_MS / 1000 - 10);

    assertThat(verifier.verify(token(claims), NOW_MS))
        .isEqualTo(new AuthResult.Rejected(401, "token expired"));
    assertThat(verifier.verify(token(valid().put("exp", NOW_MS / 1000 - 3)), NOW_MS))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void tokenWithoutExpIsRejected() {
    assertThat(verifier.verify(token(new JsonObject().put("sub", "d")), NOW_MS))
        .isEqualTo(new AuthResult.Rejected(401, "token has no exp claim"));
  }

  @Test
  void tokenNotYetValidIsRejected() {
    assertThat(verifier.verify(token(valid().put("nbf", NOW_MS / 1000 + 60)), NOW_MS))
        .isEqualTo(new AuthResult.Rejected(401, "token is not valid yet (nbf)"));
  }

  @Test
  void subjectThatIsNotADeviceIdIsForbidden() {
    AuthResult result = verifier.verify(token(valid().put("sub", "bad id!")), NOW_MS);

    assertThat(result).isInstanceOf(AuthResult.Rejected.class);
    assertThat(((AuthResult.Rejected) result).status()).isEqualTo(403);
  }

  @Test
  void algNoneAndGarbageAreRejected() {
    String header =
        Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
    String payload =
        Base64.getUrlEncoder().withoutPadding().encodeToString(valid().encode().getBytes());

    assertThat(verifier.verify(header + "." + payload + ".", NOW_MS))
        .isEqualTo(new AuthResult.Rejected(401, "token algorithm must be HS256"));
    assertThat(verifier.verify("not-a-jwt", NOW_MS)).isInstanceOf(AuthResult.Rejected.class);
    assertThat(verifier.verify("a.b.c", NOW_MS)).isInstanceOf(AuthResult.Rejected.class);
  }
}
