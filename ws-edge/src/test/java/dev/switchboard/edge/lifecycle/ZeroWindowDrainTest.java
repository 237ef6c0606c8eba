package dev.switchboard.edge.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.store.InstanceRegistry;
import dev.switchboard.core.store.PresenceStore;
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
 * A drain whose plan gives sockets no delay at all (a zero window, as on shutdown without the delay
 * phase, or the first sockets of a large drain): Mutiny refuses a zero delay, and the whole drain
 * used to fail on it. Found by the bench, which drains thousands of sockets at once.
 */
@QuarkusTest
@TestProfile(ZeroWindowDrainTest.Draining.class)
@WithTestResource(RedisTestResource.class)
class ZeroWindowDrainTest {

  /** A separate application instance: after the drain it refuses everything. */
  public static class Draining implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("switchboard.edge.drain.window", "1500ms");
    }
  }

  @TestHTTPResource("/")
  URI base;

  @Inject Drainer drainer;
  @Inject EdgeSettings settings;
  @Inject PresenceStore store;
  @Inject InstanceRegistry registry;

  @Test
  void drainWithNoWindowClosesEverySocketWith1001() throws Exception {
    // given
    List<WsTestClient> clients = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      WsTestClient client = WsTestClient.connect(base, "", TestTokens.bearer("zero-drain-" + i));
      client.connectionId();
      clients.add(client);
    }

    // when
    drainer.drain(Duration.ZERO).await().atMost(Duration.ofSeconds(10));

    // then
    for (WsTestClient client : clients) {
      assertThat(client.awaitClose().code()).isEqualTo(1001);
    }
    for (int i = 0; i < 5; i++) {
      assertThat(store.entry("zero-drain-" + i).await().atMost(Duration.ofSeconds(5))).isEmpty();
    }
  }
}
