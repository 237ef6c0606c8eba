package dev.switchboard.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints the device tokens the edges verify, so that every measured connect pays for auth: HS256
 * with the bench's secret by default, or RS256/ES256 with a key pair made for the run ({@link
 * #use}), whose public half the edges get as {@code switchboard.auth.public-key-pem}.
 */
final class Tokens {

  static final String SECRET = "switchboard-bench-secret-at-least-32-bytes-long";

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** The algorithm tokens are signed with, and its private key (null for HS256). */
  private record Signer(String alg, PrivateKey key) {}

  private static volatile Signer signer = new Signer("HS256", null);

  private Tokens() {}

  /**
   * Signs tokens with {@code alg} from now on (HS256, RS256 or ES256) and answers the edge
   * properties that make the edges accept them.
   */
  static Map<String, String> use(String alg) {
    try {
      switch (alg) {
        case "HS256" -> {
          signer = new Signer(alg, null);
          return Map.of();
        }
        case "RS256" -> {
          KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
          rsa.initialize(2048);
          return useKeyPair(alg, rsa.generateKeyPair());
        }
        case "ES256" -> {
          KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
          ec.initialize(new ECGenParameterSpec("secp256r1"));
          return useKeyPair(alg, ec.generateKeyPair());
        }
        default ->
            throw new IllegalArgumentException("token algorithm " + alg + " (HS256, RS256, ES256)");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> useKeyPair(String alg, KeyPair pair) {
    signer = new Signer(alg, pair.getPrivate());
    String pem =
        "-----BEGIN PUBLIC KEY-----\\n"
            + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())
            + "\\n-----END PUBLIC KEY-----";
    return Map.of("switchboard.auth.public-key-pem", pem);
  }

  static String forDevice(String device) {
    Signer s = signer;
    long exp = System.currentTimeMillis() / 1000 + 6 * 3600;
    String header =
        B64.encodeToString(
            ("{\"alg\":\"" + s.alg() + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8));
    String claims =
        B64.encodeToString(
            ("{\"sub\":\"" + device + "\",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
    String signingInput = header + "." + claims;
    return signingInput + "." + B64.encodeToString(sign(s, signingInput));
  }

  private static byte[] sign(Signer s, String input) {
    byte[] data = input.getBytes(StandardCharsets.UTF_8);
    try {
      return switch (s.alg()) {
        case "RS256" -> {
          Signature rsa = Signature.getInstance("SHA256withRSA");
          rsa.initSign(s.key());
          rsa.update(data);
          yield rsa.sign();
        }
        case "ES256" -> {
          // JWS wants R and S, 32 bytes each (IEEE P1363), not the JDK's default DER
          Signature ec = Signature.getInstance("SHA256withECDSAinP1363Format");
          ec.initSign(s.key());
          ec.update(data);
          yield ec.sign();
        }
        default -> {
          Mac mac = Mac.getInstance("HmacSHA256");
          mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
          yield mac.doFinal(data);
        }
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
