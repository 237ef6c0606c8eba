package dev.switchboard.edge.auth;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies a compact JWT: its {@code alg} must be one of those accepted (so never {@code none}),
 * the key comes from the key ring serving that algorithm (so an HS256 token is never checked
 * against a public key), the ring's {@link SignatureCheck} checks the signature over the token as
 * split here, and {@link ClaimRules} the claims against the caller's clock.
 */
public final class JwtVerifier {

  private final Map<String, KeyRing> ringByAlgorithm;
  private final ClaimRules rules;

  /**
   * @param ringByAlgorithm for each accepted algorithm, where its keys come from
   */
  public JwtVerifier(Map<String, KeyRing> ringByAlgorithm, ClaimRules rules) {
    this.ringByAlgorithm = Map.copyOf(ringByAlgorithm);
    this.rules = rules;
  }

  /**
   * Verifies a token against the keys at hand; a token naming a key the JWKS may have gained gets
   * {@link AuthResult.Pending}, decided once the one fetch it started or joined has answered.
   */
  public AuthResult verify(String token, long nowMs) {
    return verify(token, nowMs, true);
  }

  private AuthResult verify(String token, long nowMs, boolean mayFetch) {
    Optional<CompactToken> split = CompactToken.split(token);
    if (split.isEmpty()) {
      return ClaimRules.unauthorized("token is not a compact JWT (header.payload.signature)");
    }
    Optional<Header> header = header(split.get().header());
    if (header.isEmpty()) {
      return ClaimRules.unauthorized("token header is not base64url JSON");
    }
    Object alg = header.get().alg();
    KeyRing ring = alg instanceof String name ? ringByAlgorithm.get(name) : null;
    if (ring == null) {
      return ClaimRules.unauthorized(
          "token algorithm "
              + alg
              + " is not accepted (accepted: "
              + String.join(", ", new TreeSet<>(ringByAlgorithm.keySet()))
              + ")");
    }
    Object kid = header.get().kid();
    KeyLookup lookup =
        ring.find(
            (String) alg,
            kid instanceof String k ? Optional.of(k) : Optional.empty(),
            nowMs,
            mayFetch);
    if (lookup instanceof KeyLookup.Pending pending) {
      // Judged against the same clock reading: the wait is at most the fetch timeout.
      return new AuthResult.Pending(
          pending.fetched().handle((fetched, failure) -> verify(token, nowMs, false)));
    }
    if (lookup instanceof KeyLookup.Missing missing) {
      return ClaimRules.unauthorized(missing.reason());
    }
    SignatureCheck.Outcome outcome = ((KeyLookup.Found) lookup).verifier().check(split.get());
    if (outcome instanceof SignatureCheck.Outcome.Invalid invalid) {
      return ClaimRules.unauthorized(invalid.reason());
    }
    return rules.check(((SignatureCheck.Outcome.Valid) outcome).claims(), nowMs);
  }

  /** The algorithms accepted. */
  public Set<String> algorithms() {
    return ringByAlgorithm.keySet();
  }

  /**
   * The header's {@code alg} and {@code kid}. The tokens of one issuer carry a handful of distinct
   * headers, so each is decoded once and remembered (a few, by their exact text); the signature is
   * still checked on the whole token every time.
   */
  private Optional<Header> header(String part) {
    Optional<Header> known = headers.get(part);
    if (known != null) {
      return known;
    }
    Optional<Header> decoded =
        json(part).map(header -> new Header(header.getValue("alg"), header.getValue("kid")));
    if (headers.size() >= MAX_HEADERS) {
      headers.clear(); // headers from anyone who sends a token: bounded, never grown without limit
    }
    headers.put(part, decoded);
    return decoded;
  }

  private record Header(Object alg, Object kid) {}

  private static final int MAX_HEADERS = 64;

  private final ConcurrentHashMap<String, Optional<Header>> headers = new ConcurrentHashMap<>();

  private static Optional<JsonObject> json(String part) {
    try {
      return Optional.of(
          new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      return Optional.empty();
    }
  }
}
