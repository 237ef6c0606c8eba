package dev.switchboard.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts a real {@code redis-server} on a free port for a {@code @QuarkusTest} and points the
 * Quarkus Redis client at it. Each start gets its own key prefix ({@code switchboard.key-prefix}),
 * so test classes never see each other's keys even if they share a Redis.
 *
 * <p>Use with {@code @QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass
 * = true)} or {@code @WithTestResource(RedisTestResource.class)}; annotate a {@link RedisServer}
 * field with {@link InjectRedis} to kill or restart the server mid-test.
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

  private RedisServer server;

  @Override
  public Map<String, String> start() {
    server = RedisServer.start();
    return Map.of(
        "quarkus.redis.hosts", server.url(),
        "switchboard.key-prefix", UniquePrefix.next());
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(
        server, new TestInjector.AnnotatedAndMatchesType(InjectRedis.class, RedisServer.class));
  }

  @Override
  public void stop() {
    if (server != null) {
      server.close();
    }
  }
}
