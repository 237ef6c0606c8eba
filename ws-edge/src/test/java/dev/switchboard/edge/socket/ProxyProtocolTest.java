package dev.switchboard.edge.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.model.PresenceEntry;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.testsupport.RawWebSocket;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Behind an L4 load balancer (an AWS NLB, HAProxy in TCP mode) the socket peer is the balancer;
 * with {@code switchboard.edge.proxy.protocol=true} the PROXY-protocol header it sends names the
 * client, and that address is what the per-address cap counts and what presence records.
 */
@QuarkusTest
@TestProfile(ProxyProtocolTest.BehindAnL4Balancer.class)
@WithTestResource(RedisTestResource.class)
class ProxyProtocolTest {

  static final int CAP = 2;

  public static class BehindAnL4Balancer implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "switchboard.edge.proxy.protocol",
          "true",
          "switchboard.edge.limits.per-ip-connections",
          Integer.toString(CAP));
    }
  }

  @TestHTTPResource("/")
  URI base;

  @Inject PresenceStore store;

  private static String proxyLine(String client, int clientPort) {
    return "PROXY TCP4 " + client + " 10.0.0.5 " + clientPort + " 8081\r\n";
  }

  private RawWebSocket connectAs(String client, int port, String device) throws Exception {
    return RawWebSocket.connect(
        base, WsTestClient.CONNECT_PATH, TestTokens.bearer(device), proxyLine(client, port));
  }

  private Optional<PresenceEntry> entry(String device) {
    return store.entry(device).await().atMost(Duration.ofSeconds(5));
  }

  @Test
  void theProxyHeadersClientIsRecordedAndCapped() throws Exception {
    // given: one client address behind the balancer holds its cap
    List<RawWebSocket> held = new ArrayList<>();
    for (int i = 0; i < CAP; i++) {
      RawWebSocket raw = connectAs("203.0.113.7", 50000 + i, "pp-" + i);
      assertThat(raw.status()).isEqualTo(101);
      assertThat(new JsonObject(raw.readText()).getString("type")).isEqualTo("welcome");
      held.add(raw);
    }

    // then: presence names the client, not the balancer
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(entry("pp-0").map(PresenceEntry::addr))
                    .hasValueSatisfying(addr -> assertThat(addr).startsWith("203.0.113.7")));

    // when: the same client connects once more, and another client through the same balancer
    try (RawWebSocket over = connectAs("203.0.113.7", 50009, "pp-over");
        RawWebSocket other = connectAs("198.51.100.20", 40000, "pp-other")) {

      // then: the first is over its own cap, the second is not capped by the first's sockets
      assertThat(over.status()).isEqualTo(429);
      assertThat(new JsonObject(over.body()).getString("detail"))
          .isEqualTo("too many connections from 203.0.113.7");
      assertThat(other.status()).isEqualTo(101);
    }
    for (RawWebSocket raw : held) {
      raw.close();
    }
  }
}
