package dev.switchboard.client;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The URI a client upgrades on. Pure. */
final class Endpoints {

  /** The edge's device endpoint, used when the configured URI has no path. */
  static final String CONNECT_PATH = "/v1/connect";

  private Endpoints() {}

  /**
   * {@code ws(s)://host:port/<path>?<query>&device=<id>[&access_token=<token>]}: http(s) becomes
   * ws(s), an empty path becomes {@value #CONNECT_PATH}, an existing query is kept.
   */
  static URI connectUri(URI endpoint, String device, Optional<String> queryToken) {
    String scheme =
        switch (endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase()) {
          case "ws", "http" -> "ws";
          case "wss", "https" -> "wss";
          default ->
              throw new IllegalArgumentException(
                  "endpoint must be a ws, wss, http or https URI, got " + endpoint);
        };
    if (endpoint.getRawAuthority() == null) {
      throw new IllegalArgumentException("endpoint has no host: " + endpoint);
    }
    String path = endpoint.getRawPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      path = CONNECT_PATH;
    }
    StringBuilder query = new StringBuilder();
    if (endpoint.getRawQuery() != null && !endpoint.getRawQuery().isEmpty()) {
      query.append(endpoint.getRawQuery()).append('&');
    }
    query.append("device=").append(encode(device));
    queryToken.ifPresent(token -> query.append("&access_token=").append(encode(token)));
    return URI.create(scheme + "://" + endpoint.getRawAuthority() + path + "?" + query);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The endpoint a reconnect goes to: the next one in turn. */
  static int next(int index, int count) {
    return (index + 1) % count;
  }
}
