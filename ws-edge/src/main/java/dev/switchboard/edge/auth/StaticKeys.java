package dev.switchboard.edge.auth;

import io.vertx.core.Vertx;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keys fixed at start-up: one or two HS256 secrets (both accepted during a rotation), checked by
 * {@link HmacSha256}, and a PEM public key for RS256 or ES256, checked by Vert.x auth-jwt.
 */
public final class StaticKeys implements KeyRing {

  private final Map<String, SignatureCheck> byAlgorithm;

  private StaticKeys(Map<String, SignatureCheck> byAlgorithm) {
    this.byAlgorithm = byAlgorithm;
  }

  /** HS256 with each of the secrets: a token signed with any of them verifies. */
  public static StaticKeys secrets(List<String> secrets) {
    return new StaticKeys(Map.of("HS256", new HmacSha256(secrets)));
  }

  /** RS256 or ES256 (by the key's type) with one public key. */
  public static StaticKeys publicKey(Vertx vertx, PublicKey key) {
    String alg =
        PemKeys.algorithmOf(key)
            .orElseThrow(() -> new IllegalArgumentException("not an RSA or P-256 EC key"));
    JWTAuthOptions options =
        signatureOnly()
            .addPubSecKey(new PubSecKeyOptions().setAlgorithm(alg).setBuffer(PemKeys.toPem(key)));
    return new StaticKeys(Map.of(alg, new VertxSignature(JWTAuth.create(vertx, options))));
  }

  /** Time claims are checked by {@link ClaimRules} against the caller's clock, not by Vert.x. */
  static JWTAuthOptions signatureOnly() {
    return new JWTAuthOptions().setJWTOptions(new JWTOptions().setIgnoreExpiration(true));
  }

  @Override
  public KeyLookup find(String alg, Optional<String> kid, long nowMs, boolean mayFetch) {
    SignatureCheck verifier = byAlgorithm.get(alg);
    return verifier == null
        ? new KeyLookup.Missing("no key is configured for " + alg + " tokens")
        : new KeyLookup.Found(verifier);
  }
}
