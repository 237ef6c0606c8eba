package dev.switchboard.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts a real Sentinel group (primary, replica, three Sentinels; see {@link RedisSentinelGroup})
 * for a {@code @QuarkusTest} and points the Quarkus Redis client at its Sentinels ({@code
 * quarkus.redis.client-type=sentinel}, the master name, {@code role=master}), with its own key
 * prefix. Annotate a {@link RedisSentinelGroup} field with {@link InjectRedis} to fail over
 * mid-test.
 */
public class RedisSentinelTestResource implements QuarkusTestResourceLifecycleManager {

  private RedisSentinelGroup group;

  @Override
  public Map<String, String> start() {
    group = RedisSentinelGroup.start();
    return Map.of(
        "quarkus.redis.hosts",
        String.join(",", group.urls()),
        "quarkus.redis.client-type",
        group.clientType(),
        "quarkus.redis.master-name",
        group.masterName(),
        "quarkus.redis.role",
        "master",
        "switchboard.key-prefix",
        UniquePrefix.next());
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(
        group,
        new TestInjector.AnnotatedAndMatchesType(InjectRedis.class, RedisSentinelGroup.class));
  }

  @Override
  public void stop() {
    if (group != null) {
      group.close();
    }
  }
}
