package dev.switchboard.edge.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.testing.PresenceFixtures;
import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.protocol.CloseCodes;
import dev.switchboard.testsupport.InjectRedis;
import dev.switchboard.testsupport.RedisServer;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Redis stalls (not down: its answers come late): the edge gives up on a connect after
 * switchboard.redis.timeout and closes it with 1013, but the commands it sent still run when Redis
 * wakes up. Found by the churn bench as entries for sockets long gone; the edge now undoes an
 * unsettled claim on the same connection, so nothing is left behind.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class UnsettledClaimTest {

  @TestHTTPResource("/")
  URI base;

  @Inject EdgeSettings settings;
  @Inject PresenceKeys keys;
  @InjectRedis RedisServer redis;

  @Test
  @DisplayName("P3: a connect whose claim timed out in a stalled Redis leaves nothing behind")
  void connectThatTimedOutInAStalledRedisLeavesNothingBehind() throws Exception {
    PresenceFixtures presence = new PresenceFixtures(redis, keys);

    // given: a working edge whose shared Redis connections are all open (devices hash over them)
    for (int i = 0; i < 8; i++) {
      String device = "stall-warm-" + i;
      try (WsTestClient warm = WsTestClient.connect(base, "", TestTokens.bearer(device))) {
        warm.connectionId();
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> !presence.entryExists(device));
    }

    // when: Redis stalls for longer than the edge's Redis timeout (2 s) while a device connects
    redis.pauseClients(Duration.ofMillis(3000), RedisServer.PauseMode.ALL);
    try (WsTestClient client = WsTestClient.connect(base, "", TestTokens.bearer("stall-1"))) {
      // then: the edge refuses it with "try again later" and a retry hint, as for any 1013
      var closed = client.awaitClose();
      assertThat(closed.code()).isEqualTo(CloseCodes.TRY_AGAIN_LATER);
      assertThat(closed.reason()).matches("presence store unavailable; try again in \\d+ ms");
    }

    // then: once Redis runs the late commands, neither an entry nor an index member is left
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(presence.indexHolds(settings.inst(), "stall-1")).isFalse();
              assertThat(presence.entryExists("stall-1")).isFalse();
            });
    Thread.sleep(1000);
    assertThat(presence.indexHolds(settings.inst(), "stall-1")).isFalse();
  }
}
