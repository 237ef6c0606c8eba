package dev.switchboard.edge.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;

/**
 * RS256 and ES256 signatures, checked by Vert.x auth-jwt (configured to check nothing about time:
 * {@link ClaimRules} does, against the caller's clock). It decodes the token again; these
 * algorithms' own maths costs far more than that.
 */
final class VertxSignature implements SignatureCheck {

  private final JWTAuth verifier;

  VertxSignature(JWTAuth verifier) {
    this.verifier = verifier;
  }

  @Override
  public Outcome check(CompactToken token) {
    Future<User> verified = verifier.authenticate(new TokenCredentials(token.text()));
    // Vert.x auth-jwt verifies synchronously; a future not yet complete would be a surprise.
    if (!verified.succeeded()) {
      return BAD_SIGNATURE;
    }
    JsonObject claims = verified.result().attributes().getJsonObject("accessToken");
    return claims == null ? BAD_PAYLOAD : new Outcome.Valid(claims);
  }
}
