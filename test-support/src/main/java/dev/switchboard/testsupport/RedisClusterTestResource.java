package dev.switchboard.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts a real 3-master Redis Cluster for a {@code @QuarkusTest} and configures the Quarkus Redis
 * client in cluster mode ({@code quarkus.redis.client-type=cluster}), with its own key prefix.
 */
public class RedisClusterTestResource implements QuarkusTestResourceLifecycleManager {

  private RedisCluster cluster;

  @Override
  public Map<String, String> start() {
    cluster = RedisCluster.start();
    return Map.of(
        "quarkus.redis.hosts",
        String.join(",", cluster.urls()),
        "quarkus.redis.client-type",
        "cluster",
        "quarkus.redis.replicas",
        "never",
        "switchboard.key-prefix",
        UniquePrefix.next());
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(
        cluster, new TestInjector.AnnotatedAndMatchesType(InjectRedis.class, RedisCluster.class));
  }

  @Override
  public void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }
}
