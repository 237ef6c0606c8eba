package dev.switchboard.edge.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the credentials of an upgrade request: a bearer token from {@code Authorization}, from the
 * {@code access_token} query parameter (browsers cannot set headers), or from Quarkus's subprotocol
 * form ({@code Sec-WebSocket-Protocol: bearer-token-carrier,
 * quarkus-http-upgrade#Authorization#Bearer <token>}); and the {@code device} query parameter used
 * when authentication is off.
 */
public final class HandshakeCredentials {

  /** The subprotocol prefix Quarkus uses to carry headers in {@code Sec-WebSocket-Protocol}. */
  public static final String SUBPROTOCOL_HEADER_PREFIX = "quarkus-http-upgrade#";

  private HandshakeCredentials() {}

  /** The bearer token, from the first place that has one. */
  public static Optional<String> bearerToken(
      Optional<String> authorization, Optional<String> query, List<String> subprotocols) {
    Optional<String> fromHeader = authorization.flatMap(HandshakeCredentials::bearer);
    if (fromHeader.isPresent()) {
      return fromHeader;
    }
    Optional<String> fromQuery = query.flatMap(q -> queryParam(q, "access_token"));
    if (fromQuery.isPresent()) {
      return fromQuery;
    }
    for (String protocol : subprotocols) {
      for (String item : protocol.split(",")) {
        String p = item.trim();
        if (p.startsWith(SUBPROTOCOL_HEADER_PREFIX)) {
          String[] parts = p.substring(SUBPROTOCOL_HEADER_PREFIX.length()).split("#", 2);
          if (parts.length == 2 && parts[0].equalsIgnoreCase("Authorization")) {
            Optional<String> token = bearer(parts[1]);
            if (token.isPresent()) {
              return token;
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /** A query parameter's decoded value, if present and not empty. */
  public static Optional<String> queryParam(String query, String name) {
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name) && eq >= 0) {
        try {
          String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
          return value.isEmpty() ? Optional.empty() : Optional.of(value);
        } catch (IllegalArgumentException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> bearer(String header) {
    String trimmed = header.trim();
    if (trimmed.length() > 7
        && trimmed.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      String token = trimmed.substring(7).trim();
      return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
    return Optional.empty();
  }
}
