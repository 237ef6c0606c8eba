package dev.switchboard.edge.auth;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Which token algorithm a JWK from a JWKS verifies: its {@code alg} when given, else RS256 for an
 * RSA key and ES256 for a P-256 EC key. Keys without a {@code kid}, encryption keys and other types
 * are left out. Pure.
 */
final class JwkAlgorithm {

  private JwkAlgorithm() {}

  static Optional<String> of(JsonObject jwk) {
    if (!(jwk.getValue("kid") instanceof String) || "enc".equals(jwk.getValue("use"))) {
      return Optional.empty();
    }
    String kty = String.valueOf(jwk.getValue("kty"));
    Object alg = jwk.getValue("alg");
    if ("RSA".equals(kty) && (alg == null || "RS256".equals(alg))) {
      return Optional.of("RS256");
    }
    if ("EC".equals(kty)
        && "P-256".equals(jwk.getValue("crv"))
        && (alg == null || "ES256".equals(alg))) {
      return Optional.of("ES256");
    }
    return Optional.empty();
  }
}
