package dev.switchboard.edge.auth;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;

/** Signs tokens with the secret the test configuration uses (src/test/resources). */
public final class TestTokens {

  public static final String SECRET = "test-secret-test-secret-test-secret-0123";
  private static final Hs256JwtVerifier SIGNER = new Hs256JwtVerifier(SECRET, Duration.ZERO);

  public static String forDevice(String device) {
    return SIGNER.sign(
        new JsonObject().put("sub", device).put("exp", System.currentTimeMillis() / 1000 + 3600));
  }

  public static String signed(JsonObject claims) {
    return SIGNER.sign(claims);
  }

  public static Map<String, String> bearer(String device) {
    return Map.of("Authorization", "Bearer " + forDevice(device));
  }

  private TestTokens() {}
}
