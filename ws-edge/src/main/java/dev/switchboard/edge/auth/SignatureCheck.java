package dev.switchboard.edge.auth;

import io.vertx.core.json.JsonObject;

/** Checks the signature of a compact JWT with one key ring's key and reads its claims. */
public interface SignatureCheck {

  /** The claims when the signature holds and the payload is a JSON object. */
  Outcome check(CompactToken token);

  /** What the check found. */
  sealed interface Outcome {

    /** The signature holds: the payload's claims, for {@link ClaimRules}. */
    record Valid(JsonObject claims) implements Outcome {}

    /** The token is refused with this reason. */
    record Invalid(String reason) implements Outcome {}
  }

  Outcome BAD_SIGNATURE = new Outcome.Invalid("token signature is invalid");
  Outcome BAD_PAYLOAD = new Outcome.Invalid("token payload is not JSON");
}
