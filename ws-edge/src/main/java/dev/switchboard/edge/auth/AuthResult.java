package dev.switchboard.edge.auth;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

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

  /**
   * The token names a key that a key-set fetch under way may bring (a provider's new {@code kid}):
   * the outcome, {@link Authenticated} or {@link Rejected}, once that fetch has answered.
   */
  record Pending(CompletionStage<AuthResult> outcome) implements AuthResult {}
}
