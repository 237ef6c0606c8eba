package dev.switchboard.edge.auth;

import java.util.concurrent.CompletionStage;

/** Whether a key ring has the key a token names. */
public sealed interface KeyLookup {

  /** The key, as a check of the signature (and of nothing about time). */
  record Found(SignatureCheck verifier) implements KeyLookup {}

  /** No key: the token is refused with this reason. */
  record Missing(String reason) implements KeyLookup {}

  /**
   * Not in the key set as it stands, but a fetch under way may bring it: look again (without
   * fetching) once {@code fetched} completes, whether the fetch worked or not.
   */
  record Pending(CompletionStage<Void> fetched) implements KeyLookup {}
}
