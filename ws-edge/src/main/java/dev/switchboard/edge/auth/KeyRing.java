package dev.switchboard.edge.auth;

import java.util.Optional;

/** Where the key for a token of one algorithm comes from: secrets, a PEM, or a JWKS URL. */
public interface KeyRing {

  /** The key for a token with this {@code alg} and {@code kid}, never blocking the caller. */
  KeyLookup find(String alg, Optional<String> kid, long nowMs);
}
