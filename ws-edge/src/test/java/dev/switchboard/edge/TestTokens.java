package dev.switchboard.edge;

import dev.switchboard.edge.auth.Hs256JwtVerifier;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;

/** Signs tokens with the secret the test configuration uses. */
final class TestTokens {

  static final String SECRET = "test-secret-test-secret-test-secret-0123";
  private static final Hs256JwtVerifier SIGNER = new Hs256JwtVerifier(SECRET, Duration.ZERO);

  static String forDevice(String device) {
    return SIGNER.sign(
        new JsonObject().put("sub", device).put("exp", System.currentTimeMillis() / 1000 + 3600));
  }

  static String signed(JsonObject claims) {
    return SIGNER.sign(claims);
  }

  static Map<String, String> bearer(String device) {
    return Map.of("Authorization", "Bearer " + forDevice(device));
  }

  private TestTokens() {}
}
