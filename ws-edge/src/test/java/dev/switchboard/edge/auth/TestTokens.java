package dev.switchboard.edge.auth;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Map;

/** Signs tokens: with the secret the test configuration uses (src/test/resources), or any key. */
public final class TestTokens {

  public static final String SECRET = "test-secret-test-secret-test-secret-0123";

  public static String forDevice(String device) {
    return signed(
        new JsonObject().put("sub", device).put("exp", System.currentTimeMillis() / 1000 + 3600));
  }

  public static String signed(JsonObject claims) {
    return signedWith(SECRET, claims);
  }

  /** HS256 with this secret. */
  public static String signedWith(String secret, JsonObject claims) {
    return sign(
        "HS256", new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret), null, claims);
  }

  /** RS256 or ES256 with this private key, naming {@code kid} in the header when not null. */
  public static String signedWith(String alg, PrivateKey key, String kid, JsonObject claims) {
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(key.getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    return sign(alg, new PubSecKeyOptions().setAlgorithm(alg).setBuffer(pem), kid, claims);
  }

  private static String sign(String alg, PubSecKeyOptions key, String kid, JsonObject claims) {
    // JWTAuth needs Vert.x only to read key stores, which signing from a buffer does not.
    JWTAuth signer = JWTAuth.create(null, new JWTAuthOptions().addPubSecKey(key));
    JWTOptions options = new JWTOptions().setAlgorithm(alg).setNoTimestamp(true);
    if (kid != null) {
      options.setHeader(new JsonObject().put("kid", kid));
    }
    return signer.generateToken(claims, options);
  }

  public static Map<String, String> bearer(String device) {
    return Map.of("Authorization", "Bearer " + forDevice(device));
  }

  private TestTokens() {}
}
