package dev.switchboard.edge.auth;

import java.util.Optional;

/**
 * A compact JWT split at its two dots, without copying it: {@code header.payload.signature}.
 *
 * @param text the whole token
 * @param headerEnd the index of the first dot
 * @param payloadEnd the index of the second dot
 */
public record CompactToken(String text, int headerEnd, int payloadEnd) {

  /** Splits a token with exactly two dots; empty otherwise. */
  public static Optional<CompactToken> split(String text) {
    int first = text.indexOf('.');
    int second = first < 0 ? -1 : text.indexOf('.', first + 1);
    if (second < 0 || text.indexOf('.', second + 1) >= 0) {
      return Optional.empty();
    }
    return Optional.of(new CompactToken(text, first, second));
  }

  public String header() {
    return text.substring(0, headerEnd);
  }

  public String payload() {
    return text.substring(headerEnd + 1, payloadEnd);
  }

  public String signature() {
    return text.substring(payloadEnd + 1);
  }

  /** What the signature is computed over: {@code header.payload}. */
  public String signingInput() {
    return text.substring(0, payloadEnd);
  }
}
