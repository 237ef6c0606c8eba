package dev.switchboard.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.Owner;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** takeover.policy=reject-new: the newcomer gets 4409 while the device is online elsewhere. */
@QuarkusTest
@TestProfile(RejectNewPolicyTest.RejectNew.class)
@WithTestResource(RedisTestResource.class)
class RejectNewPolicyTest {

  public static class RejectNew implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("switchboard.edge.takeover.policy", "reject-new");
    }
  }

  @TestHTTPResource("/")
  URI base;

  @Inject PresenceStore store;

  @Test
  void secondConnectionIsRefusedWith4409WhileTheFirstIsOnline() {
    // given
    try (WsClient first = WsClient.connect(base, "", TestTokens.bearer("solo"))) {
      String firstConn = first.connectionId();

      // when
      WsClient second = WsClient.connect(base, "", TestTokens.bearer("solo"));

      // then
      assertThat(second.awaitClose().getCode()).isEqualTo(4409);
      assertThat(store.entry("solo").await().atMost(Duration.ofSeconds(5)).orElseThrow().conn())
          .isEqualTo(firstConn);
      assertThat(first.closed.get()).isNull();
    }
  }

  @Test
  void deviceWhoseHolderInstanceDiedCanReconnect() {
    // given: an entry held by an instance that never heartbeat (its pod died)
    store
        .claim(
            ClaimRequest.newest(
                "orphaned", "dead-conn", new Owner("dead-inst", "p", "u", "n"), "a"))
        .await()
        .atMost(Duration.ofSeconds(5));

    // when
    try (WsClient client = WsClient.connect(base, "", TestTokens.bearer("orphaned"))) {
      String conn = client.connectionId();

      // then
      assertThat(store.entry("orphaned").await().atMost(Duration.ofSeconds(5)).orElseThrow().conn())
          .isEqualTo(conn);
    }
  }
}
