package dev.switchboard.edge.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.edge.socket.LocalConnections;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The edge itself stalls (a long GC pause, a frozen VM, SIGSTOP): when it runs again, its heartbeat
 * loop sees every socket silent for longer than the timeout, although the clients' pongs wait
 * unread in its sockets. It must not close them for its own silence. The stall is simulated by
 * running the tick at a time past the timeout; a real SIGSTOP of a packaged edge is in the fault
 * suite.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class EdgeStallTest {

  @TestHTTPResource("/")
  URI base;

  @Inject HeartbeatLoop heartbeat;
  @Inject PresenceStore store;
  @Inject LocalConnections local;

  @Test
  void edgeStallLongerThanHeartbeatTimeoutKeepsLiveSockets() throws Exception {
    // given: live clients that answer pings
    List<WsTestClient> clients = new ArrayList<>();
    List<String> devices = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String device = "stall-" + i + "-" + System.nanoTime();
      WsTestClient client = WsTestClient.connect(base, "", TestTokens.bearer(device));
      client.connectionId();
      clients.add(client);
      devices.add(device);
    }
    int pingsBefore = clients.get(0).pingNanos().size();

    // when: the edge stalls for 25 s (far past the 2 s timeout): its last tick and the last
    // frames it read are 25 s old when it runs again, and its loop runs at once
    heartbeat.stop(null);
    long stallStarted = System.nanoTime() - Duration.ofSeconds(25).toNanos();
    heartbeat.tick(stallStarted);
    local.all().forEach(c -> c.recordActivity(stallStarted));
    heartbeat.tick(System.nanoTime());
    heartbeat.start(null);

    // then: nobody is closed; everyone is pinged, and the clients stay online through the next
    // timeout window (they answer the pings, so nothing times out one timeout later either)
    Thread.sleep(3_000);
    for (WsTestClient client : clients) {
      assertThat(client.closeStatus()).as("close of a live socket").isEmpty();
    }
    assertThat(clients.get(0).pingNanos().size()).isGreaterThan(pingsBefore);
    assertThat(store.entries(devices).await().atMost(Duration.ofSeconds(5)))
        .allMatch(java.util.Optional::isPresent);
    for (WsTestClient client : clients) {
      client.close();
    }
  }
}
