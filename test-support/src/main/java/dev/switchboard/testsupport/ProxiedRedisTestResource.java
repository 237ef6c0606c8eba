package dev.switchboard.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real {@code redis-server} behind a {@link TcpProxy} for a {@code @QuarkusTest}: the Quarkus
 * Redis client connects through the proxy, so a test can blackhole the path ({@link
 * TcpProxy#freeze()}: connections stay open, nothing is answered) as a network partition does.
 * Annotate a {@link TcpProxy} field with {@link InjectRedis} to reach the proxy (and a {@link
 * RedisServer} field for the server).
 */
public class ProxiedRedisTestResource implements QuarkusTestResourceLifecycleManager {

  private RedisServer server;
  private TcpProxy proxy;

  @Override
  public Map<String, String> start() {
    server = RedisServer.start();
    proxy = TcpProxy.to(server);
    return Map.of(
        "quarkus.redis.hosts", proxy.url(),
        "switchboard.key-prefix", UniquePrefix.next());
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(
        server, new TestInjector.AnnotatedAndMatchesType(InjectRedis.class, RedisServer.class));
    testInjector.injectIntoFields(
        proxy, new TestInjector.AnnotatedAndMatchesType(InjectRedis.class, TcpProxy.class));
  }

  @Override
  public void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (server != null) {
      server.close();
    }
  }
}
