package dev.switchboard.edge.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.InstanceLease;
import dev.switchboard.core.store.InstanceRegistry;
import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A drain longer than the lease TTL (3 s here): the lease must stay fresh until the instance
 * unregisters, or the last sockets of the drain read offline and a sweeper may judge the instance
 * dead under live sockets.
 */
@QuarkusTest
@TestProfile(DrainLongerThanLeaseTest.LongDrain.class)
@WithTestResource(RedisTestResource.class)
class DrainLongerThanLeaseTest {

  /** Terminal, like every drain: an application of its own. */
  public static class LongDrain implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("switchboard.edge.drain.window", "6s");
    }
  }

  @TestHTTPResource("/")
  URI base;

  @Inject Drainer drainer;
  @Inject EdgeSettings settings;
  @Inject InstanceRegistry registry;

  @Test
  void drainLongerThanLeaseKeepsDevicesOnline() throws Exception {
    // given
    List<WsTestClient> clients = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      WsTestClient client = WsTestClient.connect(base, "", TestTokens.bearer("long-drain-" + i));
      client.connectionId();
      clients.add(client);
    }
    long ttlMs = settings.shared().lease().ttl().toMillis();

    // when: the drain runs for twice the lease TTL
    var drain = drainer.drain(Duration.ofSeconds(6)).subscribeAsCompletionStage();

    // then: while sockets are still being drained, the lease stays fresh
    long deadline = System.nanoTime() + Duration.ofMillis(5_000).toNanos();
    while (System.nanoTime() < deadline) {
      Thread.sleep(250);
      boolean socketsLeft = clients.stream().anyMatch(c -> c.closeStatus().isEmpty());
      if (!socketsLeft) {
        break;
      }
      Map<String, InstanceLease> leases =
          registry.leasesOf(List.of(settings.inst())).await().atMost(Duration.ofSeconds(5));
      assertThat(leases.get(settings.inst()))
          .as("lease of a draining instance with open sockets")
          .isNotNull()
          .matches(lease -> lease.isFresh(ttlMs), "fresh");
    }

    // and once the drain is over, the instance is gone and its lease too
    drain.toCompletableFuture().get(15, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(registry.leasesOf(List.of(settings.inst())).await().atMost(Duration.ofSeconds(5)))
        .doesNotContainKey(settings.inst());
    for (WsTestClient client : clients) {
      client.close();
    }
  }
}
