package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.InboxMessage;
import dev.switchboard.core.redis.InboxCodec;
import dev.switchboard.testsupport.RedisServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The inbox subscription's {@code ROLE} check tells a node that stopped answering from one that is
 * merely busy delivering the subscription's own messages (the churn bench's storm).
 */
class InboxRoleCheckTest {

  /** Two missed checks in a row, each up to one interval late, then the check's own timeout. */
  private static final Duration LOSS_BOUND = InboxSubscription.CHECK_EVERY.multipliedBy(4);

  @Test
  void aBurstOfInboxMessagesDoesNotLoseAHealthySubscription() throws Exception {
    try (RedisServer server = RedisServer.start();
        StoreFixture f = new StoreFixture(server)) {
      // given
      AtomicInteger backs = new AtomicInteger();
      AtomicLong received = new AtomicLong();
      AtomicBoolean everUnsubscribed = new AtomicBoolean();
      InboxSubscription subscription =
          f.inbox.subscribe("i1", m -> received.incrementAndGet(), backs::incrementAndGet);
      AtomicBoolean publishing = new AtomicBoolean(true);
      try {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(subscription::isSubscribed);

        // when: kicks pushed on the subscribed connection without a pause, for five checks
        String kick = InboxCodec.encode(new InboxMessage.Kick("d1", "c1"));
        for (int chain = 0; chain < 8; chain++) {
          publishForever(f, kick, publishing);
        }
        long until = System.nanoTime() + InboxSubscription.CHECK_EVERY.multipliedBy(5).toNanos();
        while (System.nanoTime() < until) {
          everUnsubscribed.compareAndSet(false, !subscription.isSubscribed());
          Thread.sleep(10);
        }

        // then: the node answered all along, so the subscription stayed
        assertThat(received.get()).as("messages pushed meanwhile").isGreaterThan(1_000);
        assertThat(everUnsubscribed).as("ever found unsubscribed").isFalse();
        assertThat(backs).as("times re-made").hasValue(0);
      } finally {
        publishing.set(false);
        subscription.close();
      }
    }
  }

  @Test
  void aFrozenNodeIsStillFoundLostAndTheSubscriptionComesBackAfterIt() {
    try (RedisServer server = RedisServer.start();
        StoreFixture f = new StoreFixture(server)) {
      // given
      AtomicInteger backs = new AtomicInteger();
      InboxSubscription subscription = f.inbox.subscribe("i1", m -> {}, backs::incrementAndGet);
      try {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(subscription::isSubscribed);

        // when: the node stops answering, with its sockets open
        server.freeze();

        // then
        try {
          Awaitility.await()
              .atMost(LOSS_BOUND.plusSeconds(1))
              .until(() -> !subscription.isSubscribed());
        } finally {
          server.thaw();
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> backs.get() == 1);
        assertThat(subscription.isSubscribed()).isTrue();
      } finally {
        subscription.close();
      }
    }
  }

  @Test
  void aStalledEventLoopDoesNotLoseAHealthySubscription() throws Exception {
    try (RedisServer server = RedisServer.start();
        StoreFixture f = new StoreFixture(server)) {
      // given: a subscriber whose message handler blocks the subscription's event loop once, for
      // as long as a frozen node takes to be found lost (a GC pause, a starved CPU, a slow handler)
      AtomicInteger backs = new AtomicInteger();
      AtomicBoolean stallOnce = new AtomicBoolean(true);
      AtomicBoolean stallOver = new AtomicBoolean();
      AtomicBoolean everUnsubscribed = new AtomicBoolean();
      InboxSubscription subscription =
          f.inbox.subscribe(
              "i1",
              m -> {
                if (stallOnce.compareAndSet(true, false)) {
                  sleep(LOSS_BOUND);
                  stallOver.set(true);
                }
              },
              backs::incrementAndGet);
      try {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(subscription::isSubscribed);

        // when
        f.inbox
            .publish("i1", InboxCodec.encode(new InboxMessage.Kick("d1", "c1")))
            .await()
            .atMost(StoreFixture.TIMEOUT);
        long until =
            System.nanoTime()
                + LOSS_BOUND.plus(InboxSubscription.CHECK_EVERY.multipliedBy(3)).toNanos();
        while (System.nanoTime() < until) {
          everUnsubscribed.compareAndSet(false, !subscription.isSubscribed());
          Thread.sleep(10);
        }

        // then: Redis answered all along; the edge, not the node, was away
        assertThat(stallOver).as("the stall ended").isTrue();
        assertThat(everUnsubscribed).as("ever found unsubscribed").isFalse();
        assertThat(backs).as("times re-made").hasValue(0);
      } finally {
        subscription.close();
      }
    }
  }

  @Test
  void aMissBeforeAResubscribeDoesNotCountAgainstTheNewSubscription() {
    try (RedisServer server = RedisServer.start();
        StoreFixture f = new StoreFixture(server)) {
      // given
      AtomicInteger backs = new AtomicInteger();
      InboxSubscription subscription = f.inbox.subscribe("i1", m -> {}, backs::incrementAndGet);
      try {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(subscription::isSubscribed);

        // when: a check is sent to a node that no longer answers, and the node dies (SIGKILL) with
        // the check in flight, which fails it: a miss on a connection that is gone. The node comes
        // back (empty) and the subscription is re-made, about half a period before the next check
        long every = InboxSubscription.CHECK_EVERY.toNanos();
        long checked = awaitACheck(server); // checks are sent at checked + k * every
        sleepUntil(checked + every / 2);
        server.freeze();
        sleepUntil(checked + every * 3 / 2);
        server.kill();
        sleepUntil(checked + every * 9 / 4);
        server.restart();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> backs.get() == 1);

        // and: the new subscription's first check goes unanswered, its second is answered
        server.freeze();
        try {
          sleepUntil(checked + every * 9 / 2);
        } finally {
          server.thaw();
        }

        // then: one miss is not two in a row, so the new subscription stays
        long until = System.nanoTime() + every * 2;
        boolean everUnsubscribed = false;
        while (System.nanoTime() < until) {
          everUnsubscribed |= !subscription.isSubscribed();
          sleep(Duration.ofMillis(10));
        }
        assertThat(everUnsubscribed).as("ever found unsubscribed").isFalse();
        assertThat(backs).as("times re-made").hasValue(1);
      } finally {
        subscription.close();
      }
    }
  }

  /**
   * Waits for the node to answer a check and returns when ({@link System#nanoTime()}): the checks
   * run on a fixed period, so the next one is sent {@code CHECK_EVERY} later.
   */
  private static long awaitACheck(RedisServer server) {
    long before = roleCalls(server);
    Awaitility.await()
        .atMost(InboxSubscription.CHECK_EVERY.multipliedBy(3))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> roleCalls(server) > before);
    return System.nanoTime();
  }

  private static void sleepUntil(long nanoTime) {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      sleep(Duration.ofNanos(left));
    }
  }

  /** How many ROLE commands the node has answered since it started. */
  private static long roleCalls(RedisServer server) {
    for (String line : server.info("commandstats").split("\\r?\\n")) {
      if (line.startsWith("cmdstat_role:calls=")) {
        return Long.parseLong(line.substring("cmdstat_role:calls=".length(), line.indexOf(',')));
      }
    }
    return 0;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void publishForever(StoreFixture f, String message, AtomicBoolean publishing) {
    if (!publishing.get()) {
      return;
    }
    f.inbox
        .publish("i1", message)
        .subscribe()
        .with(
            n -> publishForever(f, message, publishing),
            failure -> publishForever(f, message, publishing));
  }
}
