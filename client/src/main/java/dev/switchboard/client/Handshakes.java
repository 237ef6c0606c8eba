package dev.switchboard.client;

import dev.switchboard.client.policy.Ending;
import dev.switchboard.client.policy.RetryHints;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** What a failed {@code buildAsync} means: a refused upgrade (HTTP status) or no connection. */
final class Handshakes {

  private Handshakes() {}

  static Ending ending(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof WebSocketHandshakeException refused) {
        return new Ending.Refused(
            refused.getResponse().statusCode(),
            RetryHints.fromRetryAfter(
                refused.getResponse().headers().firstValue("Retry-After").orElse(null)));
      }
      if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
        return new Ending.Unreachable("connect timed out");
      }
    }
    Throwable root = error;
    while ((root instanceof CompletionException || root instanceof ExecutionException)
        && root.getCause() != null) {
      root = root.getCause();
    }
    return new Ending.Unreachable(describe(root));
  }

  static String describe(Throwable error) {
    String message = error.getMessage();
    return error.getClass().getSimpleName()
        + (message == null || message.isEmpty() ? "" : ": " + message);
  }
}
