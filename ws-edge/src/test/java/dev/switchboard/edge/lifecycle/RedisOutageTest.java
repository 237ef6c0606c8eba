package dev.switchboard.edge.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.testsupport.InjectRedis;
import dev.switchboard.testsupport.RawWebSocket;
import dev.switchboard.testsupport.RedisServer;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Redis down: sockets stay up, readiness goes DOWN after the grace, recovery reclaims. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class RedisOutageTest {

  @TestHTTPResource("/")
  URI base;

  @Inject PresenceStore store;
  @Inject LeaseKeeper leaseKeeper;
  @InjectRedis RedisServer redis;

  private int readiness() {
    return RestAssured.given().baseUri(base.toString()).get("/q/health/ready").statusCode();
  }

  @Test
  void socketsSurviveAnOutageAndReadinessFollowsRedis() throws Exception {
    // given
    try (WsTestClient client = WsTestClient.connect(base, "", TestTokens.bearer("outage-1"))) {
      String conn = client.connectionId();
      assertThat(readiness()).isEqualTo(200);

      // when: Redis is killed for longer than the grace (1 s)
      redis.kill();

      // then: readiness DOWN, new upgrades refused with 503, the socket stays open
      await().atMost(Duration.ofSeconds(8)).until(() -> readiness() == 503);
      try (RawWebSocket refused =
          RawWebSocket.connect(base, "/v1/connect", TestTokens.bearer("outage-2"))) {
        assertThat(refused.status()).isEqualTo(503);
      }
      client.send("{\"type\":\"ping\"}");
      assertThat(client.next("pong")).isNotNull();

      // when: Redis comes back, empty
      redis.restart();

      // then: readiness UP again and the entry is back, owned by the same socket
      await().atMost(Duration.ofSeconds(10)).until(() -> readiness() == 200);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> store.entry("outage-1").await().atMost(Duration.ofSeconds(2)).isPresent());
      assertThat(store.entry("outage-1").await().atMost(Duration.ofSeconds(2)).orElseThrow().conn())
          .isEqualTo(conn);
      assertThat(client.closeStatus()).isEmpty();
    }
  }
}
