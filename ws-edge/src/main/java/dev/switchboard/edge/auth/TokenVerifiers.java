package dev.switchboard.edge.auth;

import dev.switchboard.edge.config.AuthConfig;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the token verifier from validated settings: HS256 from the secrets, RS256/ES256 from the
 * JWKS URL when set, else from the PEM key; each only if the algorithm is accepted.
 */
public final class TokenVerifiers {

  private TokenVerifiers() {}

  public static JwtVerifier fromConfig(AuthConfig auth, Vertx vertx) {
    Map<String, KeyRing> rings = new HashMap<>();
    List<String> secrets = new ArrayList<>();
    auth.secret().ifPresent(secrets::add);
    auth.secondarySecret().ifPresent(secrets::add);
    if (!secrets.isEmpty()) {
      rings.put("HS256", StaticKeys.secrets(secrets));
    }
    if (auth.jwksUrl().isPresent()) {
      JwksKeys jwks =
          new JwksKeys(
                  vertx,
                  URI.create(auth.jwksUrl().get()),
                  HttpClient.newBuilder().connectTimeout(auth.jwksFetchTimeout()).build(),
                  auth.jwksCacheTtl(),
                  auth.jwksRefreshMinInterval(),
                  auth.jwksFetchTimeout())
              .start(System.currentTimeMillis());
      rings.put("RS256", jwks);
      rings.put("ES256", jwks);
    } else if (auth.publicKeyPem().isPresent()) {
      PublicKey key = PemKeys.parse(auth.publicKeyPem().get()).orElseThrow();
      rings.put(PemKeys.algorithmOf(key).orElseThrow(), StaticKeys.publicKey(vertx, key));
    }
    rings.keySet().retainAll(auth.algorithms());
    return new JwtVerifier(
        rings,
        new ClaimRules(
            nonBlank(auth.issuer()), nonBlank(auth.audience()), auth.leeway().toMillis()));
  }

  private static Optional<String> nonBlank(Optional<String> value) {
    return value.filter(v -> !v.isBlank());
  }
}
