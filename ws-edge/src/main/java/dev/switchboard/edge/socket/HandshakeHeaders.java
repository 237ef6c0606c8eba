package dev.switchboard.edge.socket;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Trims an admitted upgrade request to the headers the WebSocket handshake still reads. Vert.x
 * keeps the request's headers for the socket's life and Quarkus copies all of them into the
 * connection's handshake request, so every header a browser sends (User-Agent, Cookie, Accept-*,
 * Origin, the token) would otherwise be held twice per socket. Admission has already read what it
 * needs (credentials, forwarding headers); nothing reads the handshake request's headers later.
 */
final class HandshakeHeaders {

  /**
   * Read by Vert.x and Netty to answer the upgrade: the socket's location ({@code Host}), the
   * upgrade itself, the accept key, the version and the subprotocol choice.
   */
  private static final Set<String> KEPT =
      Set.of(
          "host",
          "upgrade",
          "connection",
          "sec-websocket-key",
          "sec-websocket-version",
          "sec-websocket-protocol");

  /** Kept too when permessage-deflate is on: the handshake negotiates it. */
  private static final String EXTENSIONS = "sec-websocket-extensions";

  /** A subprotocol that only carries a header (the browser's token), never one to choose. */
  private static final String HEADER_CARRIER = "quarkus-http-upgrade";

  private HandshakeHeaders() {}

  /** Removes every header the handshake does not read, and header-carrying subprotocols. */
  static void trim(MultiMap headers, boolean compression) {
    // by entry, not names(): that builds a sorted set on every upgrade; a repeated name is
    // listed twice, and removed once
    List<String> drop = new ArrayList<>();
    for (Map.Entry<String, String> header : headers) {
      String lower = header.getKey().toLowerCase(Locale.ROOT);
      if (!KEPT.contains(lower) && !(compression && lower.equals(EXTENSIONS))) {
        drop.add(header.getKey());
      }
    }
    drop.forEach(headers::remove);
    List<String> offered = headers.getAll("Sec-WebSocket-Protocol");
    if (offered.stream().anyMatch(value -> value.contains(HEADER_CARRIER))) {
      List<String> choosable = new ArrayList<>();
      for (String value : offered) {
        for (String protocol : value.split(",")) {
          String trimmed = protocol.trim();
          if (!trimmed.isEmpty() && !trimmed.startsWith(HEADER_CARRIER)) {
            choosable.add(trimmed);
          }
        }
      }
      headers.remove("Sec-WebSocket-Protocol");
      if (!choosable.isEmpty()) {
        headers.set("Sec-WebSocket-Protocol", String.join(", ", choosable));
      }
    }
  }
}
