package dev.switchboard.edge.socket;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The proxies whose forwarding headers are believed ({@code switchboard.edge.proxy.trusted}, CIDR
 * blocks such as {@code 10.0.0.0/8} or {@code fd00::/8}). Pure: no DNS, literal addresses only.
 */
public final class TrustedProxies {

  /** One CIDR block. */
  record Block(byte[] network, int prefixBits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefixBits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefixBits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xFF << (8 - rest);
      return (address[full] & mask) == (network[full] & mask);
    }
  }

  private static final Pattern ADDRESS_CHARS = Pattern.compile("[0-9A-Fa-f:.%a-zA-Z]+");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[0-9A-Za-z]+)?");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<Block> blocks;

  private TrustedProxies(List<Block> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /**
   * Parses CIDR blocks (a bare address is a /32 or /128).
   *
   * @throws IllegalArgumentException naming the first entry that is not a literal CIDR block
   */
  public static TrustedProxies parse(List<String> cidrs) {
    List<Block> blocks = new ArrayList<>();
    for (String raw : cidrs) {
      String cidr = raw.trim();
      if (cidr.isEmpty()) {
        continue;
      }
      int slash = cidr.indexOf('/');
      String host = slash < 0 ? cidr : cidr.substring(0, slash);
      byte[] network =
          literal(host)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR"));
      int max = network.length * 8;
      int bits;
      try {
        bits = slash < 0 ? max : Integer.parseInt(cidr.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + cidr + "' has no valid prefix length");
      }
      if (bits < 0 || bits > max) {
        throw new IllegalArgumentException("'" + cidr + "' has a prefix length outside 0.." + max);
      }
      blocks.add(new Block(network, bits));
    }
    return new TrustedProxies(blocks);
  }

  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  /** Whether an address (a literal; anything else is not trusted) is one of the proxies. */
  public boolean contains(String address) {
    Optional<byte[]> bytes = literal(address);
    return bytes.isPresent() && blocks.stream().anyMatch(b -> b.contains(bytes.get()));
  }

  /** The bytes of a literal IPv4 or IPv6 address; empty for anything that is not one. */
  static Optional<byte[]> literal(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String host = text.trim();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty() || !ADDRESS_CHARS.matcher(host).matches() || !looksLiteral(host)) {
      return Optional.empty();
    }
    try {
      // a literal never triggers a DNS lookup; looksLiteral() rejects names first
      return Optional.of(InetAddress.getByName(host).getAddress());
    } catch (UnknownHostException | SecurityException e) {
      return Optional.empty();
    }
  }

  private static boolean looksLiteral(String host) {
    if (host.contains(":")) {
      return IPV6.matcher(host).matches();
    }
    return IPV4.matcher(host).matches();
  }
}
