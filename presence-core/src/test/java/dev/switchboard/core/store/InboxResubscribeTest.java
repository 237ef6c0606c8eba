package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.RedisServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Wakes published while an inbox subscription is away reach nobody; the subscriber learns when it
 * is back, so that it can look for what it missed (the edge re-reads its sockets' outboxes).
 */
class InboxResubscribeTest {

  @Test
  void theSubscriptionSaysWhenItIsBackAfterItWasLostButNotOnTheFirstSubscribe() {
    try (RedisServer server = RedisServer.start();
        StoreFixture f = new StoreFixture(server)) {
      // given
      AtomicInteger backs = new AtomicInteger();
      InboxSubscription subscription = f.inbox.subscribe("i1", m -> {}, backs::incrementAndGet);
      try {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(subscription::isSubscribed);
        assertThat(backs).hasValue(0);

        // when: the server drops its subscribers
        server.killSubscribers();

        // then
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> backs.get() == 1);
        assertThat(subscription.isSubscribed()).isTrue();
      } finally {
        subscription.close();
      }
    }
  }
}
