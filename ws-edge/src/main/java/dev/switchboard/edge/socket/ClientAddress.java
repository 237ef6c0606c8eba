package dev.switchboard.edge.socket;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The client's address behind proxies, and the key its per-address limit counts under. Pure.
 *
 * <p>The socket peer is the client unless the peer is a trusted proxy; then the hops of {@code
 * Forwarded} (RFC 7239) or else {@code X-Forwarded-For} are read from the nearest backwards, and
 * the first hop that is not itself a trusted proxy is the client. Headers from an untrusted peer
 * are ignored: anyone can send them.
 */
public final class ClientAddress {

  private ClientAddress() {}

  /**
   * @param peer the socket peer's IP address
   * @param forwarded every {@code Forwarded} header value, in order
   * @param xForwardedFor every {@code X-Forwarded-For} header value, in order
   */
  public static String resolve(
      String peer, List<String> forwarded, List<String> xForwardedFor, TrustedProxies trusted) {
    if (trusted.isEmpty() || !trusted.contains(peer)) {
      return peer;
    }
    List<String> hops = !forwarded.isEmpty() ? forwardedFor(forwarded) : split(xForwardedFor);
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<String> hop = normalise(hops.get(i));
      if (hop.isEmpty()) {
        return peer; // an obfuscated or garbled hop: the last address we can trust is the proxy
      }
      if (!trusted.contains(hop.get())) {
        return hop.get();
      }
    }
    return hops.isEmpty() ? peer : normalise(hops.get(0)).orElse(peer);
  }

  /**
   * The key the per-address cap counts under: an IPv4 address itself, an IPv6 address by its /64
   * (one subscriber usually holds a whole /64, and can rotate addresses within it at will).
   */
  public static String limitKey(String address) {
    if (address.indexOf(':') < 0) {
      return address; // not IPv6: the key is the address (skips parsing it on every upgrade)
    }
    Optional<byte[]> bytes = TrustedProxies.literal(address);
    if (bytes.isEmpty() || bytes.get().length != 16) {
      return address;
    }
    byte[] b = bytes.get();
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < 8; i += 2) {
      key.append(Integer.toHexString(((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF))).append(':');
    }
    return key.append(":/64").toString();
  }

  private static List<String> split(List<String> values) {
    List<String> hops = new ArrayList<>();
    for (String value : values) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          hops.add(part.trim());
        }
      }
    }
    return hops;
  }

  private static List<String> forwardedFor(List<String> values) {
    List<String> hops = new ArrayList<>();
    for (String element : split(values)) {
      String found = "";
      for (String pair : element.split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
          found = pair.substring(eq + 1).trim();
        }
      }
      hops.add(found);
    }
    return hops;
  }

  /** An address without quotes, brackets or port; empty when it is not a literal address. */
  static Optional<String> normalise(String hop) {
    String h = hop.trim();
    if (h.startsWith("\"") && h.endsWith("\"") && h.length() >= 2) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      h = h.substring(1, close);
    } else if (h.indexOf(':') > 0 && h.indexOf(':') == h.lastIndexOf(':')) {
      h = h.substring(0, h.indexOf(':')); // IPv4 with a port
    }
    return TrustedProxies.literal(h).isPresent() ? Optional.of(h) : Optional.empty();
  }
}
