package dev.switchboard.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Device tokens as the edge checks them (HS256, {@code sub}, {@code exp}), signed with the JDK: a
 * token supplier for tests that counts how often it was asked and never returns the same token
 * twice.
 */
final class Hs256Tokens {

  static final String SECRET = "client-it-secret-client-it-secret-0123456789";

  private final String device;
  private final long lifetimeSeconds;
  private final AtomicInteger issued = new AtomicInteger();

  Hs256Tokens(String device, long lifetimeSeconds) {
    this.device = device;
    this.lifetimeSeconds = lifetimeSeconds;
  }

  /** A fresh token (its {@code jti} is the issue count); the supplier the client is given. */
  String next() {
    int n = issued.incrementAndGet();
    long exp = System.currentTimeMillis() / 1000 + lifetimeSeconds;
    String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    String claims =
        encode(
            "{\"sub\":\""
                + device
                + "\",\"exp\":"
                + exp
                + ",\"jti\":\""
                + device
                + "-"
                + n
                + "\"}");
    return header + "." + claims + "." + sign(header + "." + claims);
  }

  /** How many tokens the client asked for. */
  int issued() {
    return issued.get();
  }

  private static String encode(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String sign(String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
