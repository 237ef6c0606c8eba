package dev.switchboard.edge.auth;

import dev.switchboard.core.model.DeviceIds;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies compact HS256 JWTs: signature (constant-time), {@code alg}, a required {@code exp},
 * optional {@code nbf}, and a {@code sub} that is a valid device id. Pure apart from the clock
 * passed in.
 */
public final class Hs256JwtVerifier {

  private final SecretKeySpec key;
  private final long leewayMs;

  public Hs256JwtVerifier(String secret, Duration leeway) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.leewayMs = leeway.toMillis();
  }

  public AuthResult verify(String token, long nowMs) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return reject("token is not a compact JWT (header.payload.signature)");
    }
    Optional<JsonObject> header = json(parts[0]);
    Optional<JsonObject> claims = json(parts[1]);
    if (header.isEmpty() || claims.isEmpty()) {
      return reject("token header or payload is not base64url JSON");
    }
    if (!"HS256".equals(header.get().getValue("alg"))) {
      return reject("token algorithm must be HS256");
    }
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      return reject("token signature is not base64url");
    }
    byte[] expected = sign(parts[0] + "." + parts[1]);
    if (!MessageDigest.isEqual(expected, signature)) {
      return reject("token signature is invalid");
    }
    Optional<Long> exp = numericClaim(claims.get(), "exp");
    if (exp.isEmpty()) {
      return reject("token has no exp claim");
    }
    long expMs = exp.get() * 1000;
    if (nowMs > expMs + leewayMs) {
      return reject("token expired");
    }
    Optional<Long> nbf = numericClaim(claims.get(), "nbf");
    if (nbf.isPresent() && nowMs + leewayMs < nbf.get() * 1000) {
      return reject("token is not valid yet (nbf)");
    }
    Object sub = claims.get().getValue("sub");
    if (!(sub instanceof String device)) {
      return reject("token has no sub claim");
    }
    Optional<String> problem = DeviceIds.problem(device);
    if (problem.isPresent()) {
      return new AuthResult.Rejected(403, "token sub is not a valid device id: " + problem.get());
    }
    return new AuthResult.Authenticated(device, Optional.of(expMs));
  }

  /** Signs claims into a token: for tests, tools and the local demo. */
  public String sign(JsonObject claims) {
    String header = encode(new JsonObject().put("alg", "HS256").put("typ", "JWT"));
    String payload = encode(claims);
    String signingInput = header + "." + payload;
    return signingInput
        + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(sign(signingInput));
  }

  private byte[] sign(String signingInput) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static String encode(JsonObject json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<JsonObject> json(String part) {
    try {
      return Optional.of(
          new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> numericClaim(JsonObject claims, String name) {
    Object value = claims.getValue(name);
    return value instanceof Number number ? Optional.of(number.longValue()) : Optional.empty();
  }

  private static AuthResult reject(String reason) {
    return new AuthResult.Rejected(401, reason);
  }
}
