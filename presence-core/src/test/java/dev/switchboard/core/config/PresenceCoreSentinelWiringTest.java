package dev.switchboard.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.ClaimResult;
import dev.switchboard.core.model.Owner;
import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.testsupport.InjectRedis;
import dev.switchboard.testsupport.RedisSentinelGroup;
import dev.switchboard.testsupport.RedisSentinelTestResource;
import dev.switchboard.testsupport.RedisServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The same wiring with the Quarkus Redis client in Sentinel mode ({@code
 * quarkus.redis.client-type=sentinel}, master name, role master) against a real Sentinel group: the
 * configuration a service needs, and the producers' stores following a failover.
 */
@QuarkusTest
@WithTestResource(RedisSentinelTestResource.class)
class PresenceCoreSentinelWiringTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Owner OWNER = new Owner("sentinel-inst", "pod", "uid", "node");

  @Inject PresenceStore store;
  @Inject PresenceKeys keys;
  @InjectRedis RedisSentinelGroup group;

  @Test
  void claimsReachThePrimaryBeforeAndAfterAFailover() {
    // given
    claim("before");

    // when
    RedisServer promoted = group.failover();

    // then
    Awaitility.await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(claim("after")).isInstanceOf(ClaimResult.Claimed.class));
    assertThat(promoted.call("EXISTS", keys.device("after"))).hasToString("1");
  }

  private ClaimResult claim(String device) {
    return store
        .claim(ClaimRequest.newest(device, "c-" + device + System.nanoTime(), OWNER, "a"))
        .await()
        .atMost(Duration.ofSeconds(3));
  }
}
