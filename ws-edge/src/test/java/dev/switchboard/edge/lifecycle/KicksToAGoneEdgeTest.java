package dev.switchboard.edge.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.model.Holder;
import dev.switchboard.core.model.InboxMessage;
import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.redis.ScriptRunner;
import dev.switchboard.core.store.Inbox;
import dev.switchboard.core.store.InboxSubscription;
import dev.switchboard.testsupport.InjectRedis;
import dev.switchboard.testsupport.ProxiedRedisTestResource;
import dev.switchboard.testsupport.RedisServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * When an edge crashes, its devices reconnect elsewhere within seconds and every claim kicks a
 * holder on the dead edge, whose inbox reaches nobody. Those kicks wait together for the inbox to
 * come back: one probe at a time per instance, not each kick its own dozen publishes while Redis is
 * at its busiest. Same profile and Redis as {@link KickRetryTest}, so the application is shared.
 */
@QuarkusTest
@WithTestResource(ProxiedRedisTestResource.class)
@TestProfile(KickRetryTest.OneSecondTimeout.class)
class KicksToAGoneEdgeTest {

  private static final int DEVICES = 200;

  @Inject Kicks kicks;
  @Inject PresenceKeys keys;
  @Inject Vertx vertx;
  @InjectRedis RedisServer server;

  @Test
  void kicksToAGoneEdgeCostOnePublishEachPlusOneProbePerRetry() throws Exception {
    // given: an instance nobody subscribes for
    String gone = "gone-edge-" + UUID.randomUUID().toString().substring(0, 8);
    long before = spublishCalls();

    // when: its devices are all taken over at once
    IntStream.range(0, DEVICES).forEach(i -> kicks.kick("dev-" + i, new Holder("conn-" + i, gone)));
    Thread.sleep(longestGiveUp().toMillis());

    // then: each kick's first publish, then one probe per retry for all of them (a jittered retry
    // comes as early as half the period, so there may be a few more probes than attempts)
    long publishes = spublishCalls() - before;
    System.out.printf("SPUBLISH for %d kicks to a gone edge: %d%n", DEVICES, publishes);
    assertThat(publishes).isLessThanOrEqualTo(DEVICES + 2L * Kicks.ATTEMPTS);
  }

  @Test
  void kicksWaitingForAnInboxAreAllDeliveredWhenItComesBack() {
    // given: kicks to an instance whose inbox reached nobody (its edge is re-subscribing)
    String late = "late-edge-" + UUID.randomUUID().toString().substring(0, 8);
    List<InboxMessage.Kick> kicked =
        IntStream.range(0, DEVICES)
            .mapToObj(i -> new InboxMessage.Kick("dev-" + i, "conn-" + i))
            .toList();
    kicked.forEach(k -> kicks.kick(k.device(), new Holder(k.conn(), late)));
    // how many published before the first "reached nobody" depends on the box: wait for the queue
    await().atMost(Duration.ofSeconds(5)).until(() -> kicks.waitsFor(late));

    // when: the inbox is back within the retry window
    ConcurrentLinkedQueue<InboxMessage> received = new ConcurrentLinkedQueue<>();
    Redis direct = Redis.createClient(vertx, server.url());
    InboxSubscription edge =
        new Inbox(new ScriptRunner(direct, Duration.ofSeconds(5)), direct, keys)
            .subscribe(late, received::add);
    try {
      // then: every kick reaches it
      await().atMost(longestGiveUp()).until(() -> received.containsAll(kicked));
    } finally {
      edge.close();
      direct.close();
    }
  }

  /** Every retry at its longest, and a second for the publishes in flight. */
  private static Duration longestGiveUp() {
    return Kicks.RETRY.multipliedBy(3).dividedBy(2).multipliedBy(Kicks.ATTEMPTS).plusSeconds(1);
  }

  private long spublishCalls() {
    return server
        .info("commandstats")
        .lines()
        .filter(l -> l.startsWith("cmdstat_spublish:"))
        .map(l -> l.substring(l.indexOf("calls=") + 6, l.indexOf(',')))
        .mapToLong(Long::parseLong)
        .findFirst()
        .orElse(0);
  }
}
