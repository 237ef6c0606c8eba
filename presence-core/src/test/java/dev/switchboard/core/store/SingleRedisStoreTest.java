package dev.switchboard.core.store;

import dev.switchboard.testsupport.RedisDeployment;
import dev.switchboard.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The presence-core contract against one real redis-server. */
class SingleRedisStoreTest extends PresenceStoreContract {

  private static RedisServer server;

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  @Override
  RedisDeployment redis() {
    return server;
  }
}
