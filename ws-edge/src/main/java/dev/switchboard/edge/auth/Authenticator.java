package dev.switchboard.edge.auth;

import dev.switchboard.core.model.DeviceIds;
import java.util.List;
import java.util.Optional;

/**
 * Decides who an upgrade request is: a signed JWT (HS256, RS256 or ES256), or the device query
 * parameter when auth is off.
 */
public final class Authenticator {

  private final Optional<JwtVerifier> verifier;

  private Authenticator(Optional<JwtVerifier> verifier) {
    this.verifier = verifier;
  }

  /** Tokens required, checked by this verifier. */
  public static Authenticator jwt(JwtVerifier verifier) {
    return new Authenticator(Optional.of(verifier));
  }

  /** Authentication off: the device names itself with {@code ?device=}. Local runs only. */
  public static Authenticator none() {
    return new Authenticator(Optional.empty());
  }

  public boolean isOff() {
    return verifier.isEmpty();
  }

  public AuthResult authenticate(
      Optional<String> authorization,
      Optional<String> query,
      List<String> subprotocols,
      long nowMs) {
    if (verifier.isEmpty()) {
      Optional<String> device = query.flatMap(q -> HandshakeCredentials.queryParam(q, "device"));
      if (device.isEmpty()) {
        return new AuthResult.Rejected(400, "query parameter 'device' is required");
      }
      return DeviceIds.problem(device.get())
          .<AuthResult>map(p -> new AuthResult.Rejected(400, p))
          .orElse(new AuthResult.Authenticated(device.get(), Optional.empty()));
    }
    return HandshakeCredentials.bearerToken(authorization, query, subprotocols)
        .map(token -> verifier.get().verify(token, nowMs))
        .orElse(
            new AuthResult.Rejected(
                401, "no bearer token: send Authorization: Bearer <jwt> or ?access_token=<jwt>"));
  }
}
