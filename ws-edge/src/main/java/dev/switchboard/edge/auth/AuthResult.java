package dev.switchboard.edge.auth;

import java.util.Optional;

/** The outcome of authenticating an upgrade request. */
public sealed interface AuthResult {

  /**
   * The device may connect.
   *
   * @param expiresAtMs when its token expires (ms since the Unix epoch), empty without a token
   */
  record Authenticated(String device, Optional<Long> expiresAtMs) implements AuthResult {}

  /** Refused before the upgrade with this HTTP status and reason. */
  record Rejected(int status, String reason) implements AuthResult {}
}
