package dev.switchboard.edge.auth;

import dev.switchboard.core.model.DeviceIds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * The checks on a token's claims once its signature holds: a required {@code exp} and an optional
 * {@code nbf}, both with the leeway; {@code iss} and {@code aud} when configured; a {@code sub}
 * that is a device id. The expiry handed to the edge already includes the leeway, so the
 * mid-session check closes the socket exactly when the upgrade would start refusing the token.
 * Pure.
 *
 * @param issuer the required {@code iss}, if any
 * @param audience a value the token's {@code aud} must contain, if any
 * @param leewayMs the clock skew tolerated on {@code exp} and {@code nbf}
 */
public record ClaimRules(Optional<String> issuer, Optional<String> audience, long leewayMs) {

  public AuthResult check(JsonObject claims, long nowMs) {
    Optional<Long> exp = numeric(claims, "exp");
    if (exp.isEmpty()) {
      return unauthorized("token has no exp claim");
    }
    long usableUntilMs = exp.get() * 1000 + leewayMs;
    if (nowMs > usableUntilMs) {
      return unauthorized("token expired");
    }
    Optional<Long> nbf = numeric(claims, "nbf");
    if (nbf.isPresent() && nowMs + leewayMs < nbf.get() * 1000) {
      return unauthorized("token is not valid yet (nbf)");
    }
    if (issuer.isPresent() && !issuer.get().equals(claims.getValue("iss"))) {
      return unauthorized("token iss is not the configured issuer");
    }
    if (audience.isPresent() && !audienceContains(claims.getValue("aud"), audience.get())) {
      return unauthorized("token aud does not include the configured audience");
    }
    if (!(claims.getValue("sub") instanceof String device)) {
      return unauthorized("token has no sub claim");
    }
    Optional<String> problem = DeviceIds.problem(device);
    if (problem.isPresent()) {
      return new AuthResult.Rejected(403, "token sub is not a valid device id: " + problem.get());
    }
    return new AuthResult.Authenticated(device, Optional.of(usableUntilMs));
  }

  private static boolean audienceContains(Object aud, String expected) {
    if (aud instanceof String single) {
      return single.equals(expected);
    }
    return aud instanceof JsonArray many && many.contains(expected);
  }

  private static Optional<Long> numeric(JsonObject claims, String name) {
    return claims.getValue(name) instanceof Number number
        ? Optional.of(number.longValue())
        : Optional.empty();
  }

  static AuthResult unauthorized(String reason) {
    return new AuthResult.Rejected(401, reason);
  }
}
