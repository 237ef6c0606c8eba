package dev.switchboard.edge.auth;

import java.util.Optional;

/** Where the key for a token of one algorithm comes from: secrets, a PEM, or a JWKS URL. */
public interface KeyRing {

  /**
   * The key for a token with this {@code alg} and {@code kid}, never blocking the caller.
   *
   * @param mayFetch whether a key ring that fetches keys may start a fetch for this token (and
   *     answer {@link KeyLookup.Pending}); false when looking again after one
   */
  KeyLookup find(String alg, Optional<String> kid, long nowMs, boolean mayFetch);
}
