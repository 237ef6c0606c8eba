package dev.switchboard.edge.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

  private static final TrustedProxies INGRESS =
      TrustedProxies.parse(List.of("10.0.0.0/8", "fd00::/8"));

  @Test
  void withoutTrustedProxiesThePeerIsTheClientAndHeadersAreIgnored() {
    assertThat(
            ClientAddress.resolve(
                "10.1.2.3", List.of(), List.of("203.0.113.9"), TrustedProxies.NONE))
        .isEqualTo("10.1.2.3");
  }

  @Test
  void aSpoofedHeaderFromAnUntrustedPeerIsIgnored() {
    assertThat(ClientAddress.resolve("198.51.100.7", List.of(), List.of("203.0.113.9"), INGRESS))
        .isEqualTo("198.51.100.7");
  }

  @Test
  void behindATrustedProxyTheLastUntrustedHopIsTheClient() {
    // the client spoofs a first hop; the ingress appends what it saw
    assertThat(
            ClientAddress.resolve(
                "10.1.2.3", List.of(), List.of("1.1.1.1, 203.0.113.9, 10.9.9.9"), INGRESS))
        .isEqualTo("203.0.113.9");
  }

  @Test
  void forwardedWinsOverXForwardedForAndItsQuotedIpv6AndPortsAreRead() {
    assertThat(
            ClientAddress.resolve(
                "10.1.2.3",
                List.of("for=198.51.100.1;proto=https, for=\"[2001:db8::1]:4711\""),
                List.of("203.0.113.9"),
                INGRESS))
        .isEqualTo("2001:db8::1");
    assertThat(ClientAddress.resolve("10.1.2.3", List.of(), List.of("203.0.113.9:5555"), INGRESS))
        .isEqualTo("203.0.113.9");
  }

  @Test
  void aGarbledOrObfuscatedHopStopsAtTheProxy() {
    assertThat(ClientAddress.resolve("10.1.2.3", List.of("for=_hidden"), List.of(), INGRESS))
        .isEqualTo("10.1.2.3");
    assertThat(ClientAddress.resolve("10.1.2.3", List.of(), List.of("not-an-ip"), INGRESS))
        .isEqualTo("10.1.2.3");
  }

  @Test
  void ipv6ClientsAreLimitedByTheirSlash64() {
    assertThat(ClientAddress.limitKey("2001:db8:1:2:aaaa::1"))
        .isEqualTo(ClientAddress.limitKey("2001:db8:1:2:bbbb::9"))
        .isEqualTo("2001:db8:1:2::/64");
    assertThat(ClientAddress.limitKey("203.0.113.9")).isEqualTo("203.0.113.9");
  }

  @Test
  void trustedProxiesAreCidrBlocksAndNothingElse() {
    assertThat(INGRESS.contains("10.255.0.1")).isTrue();
    assertThat(INGRESS.contains("11.0.0.1")).isFalse();
    assertThat(INGRESS.contains("fd12::1")).isTrue();
    assertThat(INGRESS.contains("example.com")).isFalse();
    assertThat(TrustedProxies.parse(List.of("192.168.1.7")).contains("192.168.1.7")).isTrue();
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/33")))
        .hasMessageContaining("10.0.0.0/33");
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("ingress.local")))
        .hasMessageContaining("ingress.local");
  }
}
