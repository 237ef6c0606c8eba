package dev.switchboard.edge.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.testing.PresenceFixtures;
import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.edge.protocol.CloseCodes;
import dev.switchboard.testsupport.InjectRedis;
import dev.switchboard.testsupport.RedisServer;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A reconnect storm against a slow Redis: without a bound, every newcomer queues another claim
 * behind ones that are about to time out, and all of them end in a late 1013. With
 * switchboard.edge.limits.max-pending-claims the edge sheds newcomers at once with a retry hint
 * while the claims already sent complete.
 */
@QuarkusTest
@TestProfile(OverloadSheddingTest.TwoPendingClaims.class)
@WithTestResource(RedisTestResource.class)
class OverloadSheddingTest {

  public static class TwoPendingClaims implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "switchboard.edge.limits.max-pending-claims", "2",
          "switchboard.redis.timeout", "10s");
    }
  }

  @TestHTTPResource("/")
  URI base;

  @Inject PendingClaims pendingClaims;
  @Inject PresenceKeys keys;
  @InjectRedis RedisServer redis;

  @Test
  @DisplayName("P5: newcomers are shed with 1013 while claims pile up, and admitted again after")
  void newcomersAreShedWith1013WhileClaimsPileUpAndAdmittedAgainAfter() throws Exception {
    // given: Redis stalls (answers late, not down) and two devices' claims wait for it
    redis.pauseClients(Duration.ofMillis(4000), RedisServer.PauseMode.WRITE);
    WsTestClient first = WsTestClient.connect(base, "", TestTokens.bearer("shed-1"));
    WsTestClient second = WsTestClient.connect(base, "", TestTokens.bearer("shed-2"));
    await().atMost(Duration.ofSeconds(3)).until(() -> pendingClaims.count() == 2);

    // when: a third device connects
    WsTestClient third = WsTestClient.connect(base, "", TestTokens.bearer("shed-3"));

    // then: it is shed at once, told when to retry, and never reached Redis
    WsTestClient.CloseStatus reason = third.awaitClose();
    assertThat(reason.code()).isEqualTo(CloseCodes.TRY_AGAIN_LATER);
    assertThat(reason.reason()).matches("overloaded; try again in \\d+ ms");
    assertThat(first.closeStatus()).isEmpty();
    assertThat(pendingClaims.count()).isEqualTo(2);
    assertThat(RestAssured.given().baseUri(base.toString()).get("/q/metrics").asString())
        .contains("switchboard_edge_connects_total{result=\"overloaded\"} 1.0")
        .contains("switchboard_edge_claims_pending 2.0");

    // and: once Redis catches up, the two waiting claims complete and newcomers are admitted again
    redis.unpauseClients();
    assertThat(first.connectionId()).isNotBlank();
    assertThat(second.connectionId()).isNotBlank();
    await().atMost(Duration.ofSeconds(3)).until(() -> pendingClaims.count() == 0);
    try (WsTestClient retry = WsTestClient.connect(base, "", TestTokens.bearer("shed-3"))) {
      assertThat(retry.connectionId()).isNotBlank();
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> !new PresenceFixtures(redis, keys).entryExists("shed-3"));
    first.close();
    second.close();
  }
}
