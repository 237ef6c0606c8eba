package dev.switchboard.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Mints the HS256 device tokens the edges verify, so that every measured connect pays for auth. */
final class Tokens {

  static final String SECRET = "switchboard-bench-secret-at-least-32-bytes-long";

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER =
      B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private Tokens() {}

  static String forDevice(String device) {
    long exp = System.currentTimeMillis() / 1000 + 6 * 3600;
    String claims =
        B64.encodeToString(
            ("{\"sub\":\"" + device + "\",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
    String signingInput = HEADER + "." + claims;
    return signingInput + "." + B64.encodeToString(hmac(signingInput));
  }

  private static byte[] hmac(String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
