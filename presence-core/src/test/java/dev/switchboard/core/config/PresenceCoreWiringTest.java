package dev.switchboard.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.ClaimResult;
import dev.switchboard.core.model.InstanceInfo;
import dev.switchboard.core.model.Owner;
import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.store.InstanceRegistry;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.testsupport.InjectRedis;
import dev.switchboard.testsupport.RedisServer;
import dev.switchboard.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The CDI wiring of presence-core inside a Quarkus application, against a real redis-server. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class PresenceCoreWiringTest {

  @Inject PresenceStore store;
  @Inject InstanceRegistry registry;
  @Inject PresenceKeys keys;
  @Inject SwitchboardConfig config;
  @InjectRedis RedisServer redis;

  @Test
  void storesAreWiredToTheConfiguredRedisAndPrefix() {
    // given
    Owner owner = new Owner("wired-inst", "pod", "uid", "node");

    // when
    ClaimResult result =
        store
            .claim(ClaimRequest.newest("wired-1", "c1", owner, "addr"))
            .await()
            .atMost(Duration.ofSeconds(5));
    registry.register(new InstanceInfo(owner, "test")).await().atMost(Duration.ofSeconds(5));

    // then
    assertThat(result).isInstanceOf(ClaimResult.Claimed.class);
    assertThat(keys.prefix())
        .isEqualTo(config.keyPrefix())
        .isNotEqualTo(PresenceKeys.DEFAULT_PREFIX);
    assertThat(redis.call("HGET", keys.device("wired-1"), "conn")).isEqualTo("c1");
    assertThat(redis.call("ZSCORE", keys.instances(), "wired-inst")).isNotNull();
  }

  @Test
  void sharedDefaultsMatchTheDesign() {
    assertThat(config.lease().ttl()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.lease().heartbeat()).isEqualTo(Duration.ofSeconds(5));
    assertThat(ConfigProblems.of(config)).isEmpty();
  }
}
