package dev.switchboard.api.auth;

import java.util.Set;

/**
 * One accepted key: its name (logged, tagged on metrics), its scopes, and the SHA-256 digest of its
 * secret (the secret itself is not kept). {@code legacy} marks a plain-secret entry that was given
 * a generated name and every scope.
 */
public record ApiKey(String name, Set<Scope> scopes, byte[] secretDigest, boolean legacy) {

  public ApiKey {
    scopes = Set.copyOf(scopes);
    secretDigest = secretDigest.clone();
  }

  public boolean allows(Scope scope) {
    return scopes.contains(scope);
  }
}
