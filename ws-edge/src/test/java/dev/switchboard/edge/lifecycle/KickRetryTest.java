package dev.switchboard.edge.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.model.Holder;
import dev.switchboard.core.model.InboxMessage;
import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.redis.ScriptRunner;
import dev.switchboard.core.store.Inbox;
import dev.switchboard.core.store.InboxSubscription;
import dev.switchboard.testsupport.CapturedLog;
import dev.switchboard.testsupport.InjectRedis;
import dev.switchboard.testsupport.ProxiedRedisTestResource;
import dev.switchboard.testsupport.RedisServer;
import dev.switchboard.testsupport.TcpProxy;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A kick whose publish fails (the edge's path to Redis broken or blackholed, as opposed to a
 * publish nobody received) is sent again, so the old socket does not stay open beside the new one
 * until its next touch; one that never got through says so. The edge reaches Redis through a proxy;
 * the old holder's edge, played by a subscription of the test's own, reaches it directly.
 */
@QuarkusTest
@WithTestResource(ProxiedRedisTestResource.class)
@TestProfile(KickRetryTest.OneSecondTimeout.class)
class KickRetryTest {

  /** A blackholed publish fails after 1 s instead of 2 s. */
  public static class OneSecondTimeout implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("switchboard.redis.timeout", "1s");
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final String OLD_EDGE = "old-edge";

  @Inject Kicks kicks;
  @Inject PresenceKeys keys;
  @Inject Vertx vertx;
  @InjectRedis RedisServer server;
  @InjectRedis TcpProxy proxy;

  private Redis direct;
  private InboxSubscription oldEdge;
  private final ConcurrentLinkedQueue<InboxMessage> received = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void subscribeTheOldEdge() {
    direct = Redis.createClient(vertx, server.url());
    oldEdge =
        new Inbox(new ScriptRunner(direct, Duration.ofSeconds(5)), direct, keys)
            .subscribe(OLD_EDGE, received::add);
    await().atMost(Duration.ofSeconds(5)).until(oldEdge::isSubscribed);
  }

  @AfterEach
  void heal() {
    proxy.thaw();
    proxy.refuseNew(false);
    oldEdge.close();
    direct.close();
  }

  @Test
  void aKickWhosePublishTimedOutReachesTheOldEdgeOnceRedisIsBack() throws Exception {
    // given
    String device = "kick-" + UUID.randomUUID().toString().substring(0, 8);
    proxy.freeze();

    // when: the kick's publish times out in the blackhole, whose connections then break (what it
    // held never reaches Redis), and the path is back
    kicks.kick(device, new Holder("old-conn", OLD_EDGE));
    Thread.sleep(TIMEOUT.plusMillis(500).toMillis());
    proxy.dropAll();
    proxy.thaw();

    // then: within the kick's retries
    await()
        .atMost(Kicks.RETRY.multipliedBy(Kicks.ATTEMPTS).plusSeconds(2))
        .until(() -> received.contains(new InboxMessage.Kick(device, "old-conn")));
  }

  @Test
  void aKickThatNeverGotThroughIsLoggedOnceAsAWarning() {
    // given: the edge cannot reach Redis at all
    String device = "kick-" + UUID.randomUUID().toString().substring(0, 8);
    try (CapturedLog log = CapturedLog.start()) {
      proxy.refuseNew(true);
      proxy.dropAll();

      // when
      kicks.kick(device, new Holder("old-conn", OLD_EDGE));

      // then
      await()
          .atMost(Kicks.RETRY.multipliedBy(Kicks.ATTEMPTS).plusSeconds(5))
          .until(() -> !aboutKicks(log).isEmpty());
      List<CapturedLog.Line> lines = aboutKicks(log);
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0).level()).isEqualTo("WARN");
      assertThat(lines.get(0).fields())
          .containsEntry("device", device)
          .containsEntry("conn", "old-conn");
      assertThat(lines.get(0).message()).contains(OLD_EDGE);
      assertThat(received).isEmpty();
    }
  }

  private static List<CapturedLog.Line> aboutKicks(CapturedLog log) {
    return log.lines().stream().filter(l -> l.logger().equals(Kicks.class.getName())).toList();
  }
}
