package dev.switchboard.edge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.DeliveryState;
import dev.switchboard.core.model.InboxMessage;
import dev.switchboard.core.model.OutboxLimits;
import dev.switchboard.core.model.OutboxStoreRequest;
import dev.switchboard.core.model.Owner;
import dev.switchboard.core.model.StoreOutcome;
import dev.switchboard.core.redis.InboxCodec;
import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.store.Inbox;
import dev.switchboard.core.store.Outbox;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.core.testing.PresenceFixtures;
import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.edge.observe.EdgeMetrics;
import dev.switchboard.edge.socket.EdgeConnection;
import dev.switchboard.edge.socket.LocalConnections;
import dev.switchboard.testsupport.DurableReceiver;
import dev.switchboard.testsupport.InjectRedis;
import dev.switchboard.testsupport.RedisServer;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Durable delivery through a real edge, real sockets and a real Redis. Messages are stored the way
 * the presence-api stores them: the outbox script, then a {@code wake} to the owner's inbox. The
 * window here is 4 (src/test/resources).
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class DurableDeliveryTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final int WINDOW = 4;
  private static final OutboxLimits LIMITS = new OutboxLimits(1000, 1 << 20);

  @TestHTTPResource("/")
  URI base;

  @Inject Outbox outbox;
  @Inject Inbox inbox;
  @Inject PresenceStore store;
  @Inject PresenceKeys keys;
  @Inject LocalConnections local;
  @Inject EdgeMetrics metrics;
  @InjectRedis RedisServer redis;

  static String device() {
    return "dd-" + UUID.randomUUID().toString().substring(0, 8);
  }

  WsTestClient connect(String device) {
    return WsTestClient.connect(base, "", TestTokens.bearer(device));
  }

  /** What the presence-api does for a durable POST: store, then wake the owner. */
  String send(String device, JsonObject payload) {
    String id = UUID.randomUUID().toString();
    StoreOutcome outcome =
        outbox
            .store(
                new OutboxStoreRequest(device, id, payload.encode(), Duration.ofMinutes(5), LIMITS))
            .await()
            .atMost(WAIT);
    assertThat(outcome).isInstanceOf(StoreOutcome.Stored.class);
    outcome
        .owner()
        .ifPresent(
            owner ->
                inbox
                    .publish(
                        owner.inst(),
                        InboxCodec.encode(new InboxMessage.Wake(device, owner.conn())))
                    .await()
                    .atMost(WAIT));
    return id;
  }

  long outboxLength(String device) {
    return new PresenceFixtures(redis, keys).outboxLength(device);
  }

  EdgeConnection edgeConnection(String conn) {
    return local.byConn(conn).orElseThrow();
  }

  @Test
  void welcomeAnnouncesTheWindow() {
    try (WsTestClient client = connect(device())) {
      JsonObject welcome = client.next("welcome");

      assertThat(welcome.getJsonObject("delivery").getInteger("window")).isEqualTo(WINDOW);
    }
  }

  @Test
  void aMessageStoredForAnOnlineDeviceArrivesThroughItsWake() {
    // given
    String device = device();
    try (WsTestClient client = connect(device)) {
      client.connectionId();

      // when
      String id = send(device, new JsonObject().put("n", 1));

      // then
      JsonObject message = client.next("message");
      assertThat(message.getString("id")).isEqualTo(id);
      assertThat(message.getString("seq")).matches("\\d+-\\d+");
      assertThat(message.getJsonObject("payload").getInteger("n")).isEqualTo(1);
    }
  }

  @Test
  @DisplayName(
      "P7: a slow device's durable backlog waits in Redis, at most a window in flight, not cut off")
  void slowDeviceHoldsItsBacklogInRedisNotInTheEdge() {
    // given: a device that reads but does not acknowledge, and a backlog five windows long
    String device = device();
    try (WsTestClient client = connect(device)) {
      String conn = client.connectionId();
      for (int i = 0; i < 5 * WINDOW; i++) {
        send(device, new JsonObject().put("n", i));
      }

      // when: it has been sent a window's worth
      List<JsonObject> first = new ArrayList<>();
      for (int i = 0; i < WINDOW; i++) {
        first.add(client.next("message"));
      }

      // then: nothing more comes until it acks; the backlog waits in Redis; the edge holds the
      // window's seqs and nothing else; the socket is not cut off as a slow consumer
      assertThat(client.nextWithin("message", Duration.ofMillis(700))).isEmpty();
      assertThat(outboxLength(device)).isEqualTo(5 * WINDOW);
      assertThat(edgeConnection(conn).delivery().orElseThrow().inFlight()).isEqualTo(WINDOW);
      assertThat(client.closeStatus()).isEmpty();
      assertThat(first)
          .extracting(m -> m.getJsonObject("payload").getInteger("n"))
          .containsExactly(0, 1, 2, 3);

      // when: it acks as it goes
      DurableReceiver receiver = new DurableReceiver(client);
      first.forEach(m -> receiver.ack(m.getString("seq")));
      List<JsonObject> rest = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        rest.addAll(receiver.receive(WINDOW));
        assertThat(edgeConnection(conn).delivery().orElseThrow().inFlight())
            .isLessThanOrEqualTo(WINDOW);
      }

      // then: everything arrived once, in order, and the outbox drained
      assertThat(rest)
          .extracting(m -> m.getJsonObject("payload").getInteger("n"))
          .containsExactlyElementsOf(IntStream.range(WINDOW, 5 * WINDOW).boxed().toList());
      assertThat(receiver.duplicates()).isZero();
      await().atMost(WAIT).until(() -> outboxLength(device) == 0);
      assertThat(client.closeStatus()).isEmpty();
    }
  }

  @Test
  void ackFromAReplacedConnectionIsIgnored() {
    // given: a device sent two messages, then taken over by a connection on another edge whose
    // kick has not arrived here yet (claimed straight in Redis, no kick published)
    String device = device();
    try (WsTestClient old = connect(device)) {
      old.connectionId();
      String first = send(device, new JsonObject().put("n", 1));
      send(device, new JsonObject().put("n", 2));
      JsonObject one = old.next("message");
      JsonObject two = old.next("message");
      Owner elsewhere = new Owner("i-other", "edge-other", "uid-other", "node-1");
      store
          .claim(ClaimRequest.newest(device, "conn-elsewhere", elsewhere, "10.0.0.9:1"))
          .await()
          .atMost(WAIT);
      double refusedBefore = metrics.acksRefused();

      // when: the replaced socket acknowledges both
      old.send(new JsonObject().put("type", "ack").put("seq", two.getString("seq")).encode());

      // then: ignored and counted; nothing moved, no error frame, so the owner gets them again
      await().atMost(WAIT).until(() -> metrics.acksRefused() == refusedBefore + 1);
      assertThat(outboxLength(device)).isEqualTo(2);
      assertThat(outbox.state(device, first).await().atMost(WAIT).orElseThrow().state())
          .isEqualTo(DeliveryState.SENT);
      assertThat(old.nextWithin("error", Duration.ofMillis(300))).isEmpty();
      assertThat(one.getJsonObject("payload").getInteger("n")).isEqualTo(1);
    }
    try (WsTestClient owner = connect(device)) {
      List<JsonObject> again = new DurableReceiver(owner).receive(2);
      assertThat(again)
          .extracting(m -> m.getJsonObject("payload").getInteger("n"))
          .containsExactly(1, 2);
    }
  }

  @Test
  void badAckIsAnErrorFrameThatMovesNothingAndKeepsTheSocketOpen() {
    // given
    String device = device();
    try (WsTestClient client = connect(device)) {
      client.connectionId();
      send(device, new JsonObject().put("n", 1));
      String seq = client.next("message").getString("seq");
      String[] parts = seq.split("-");
      String neverSent = (Long.parseLong(parts[0]) + 1) + "-0";

      // when
      client.send("{\"type\":\"ack\",\"seq\":\"banana\"}");
      JsonObject malformed = client.next("error");
      client.send("{\"type\":\"ack\",\"seq\":42}");
      JsonObject notAString = client.next("error");
      client.send("{\"type\":\"ack\",\"seq\":\"" + neverSent + "\"}");
      JsonObject aboveLastSent = client.next("error");

      // then
      assertThat(malformed.getString("code")).isEqualTo("bad_ack");
      assertThat(malformed.getString("reason")).contains("banana");
      assertThat(notAString.getString("code")).isEqualTo("bad_ack");
      assertThat(aboveLastSent.getString("code")).isEqualTo("bad_ack");
      assertThat(aboveLastSent.getString("reason")).contains(neverSent).contains(seq);
      assertThat(outboxLength(device)).isEqualTo(1);
      client.send("{\"type\":\"ping\"}");
      assertThat(client.next("pong")).isNotNull();
      assertThat(client.closeStatus()).isEmpty();

      // when / then: a good ack still works afterwards
      new DurableReceiver(client).ack(seq);
      await().atMost(WAIT).until(() -> outboxLength(device) == 0);
    }
  }

  @Test
  void aWakeLostWhileTheInboxWasAwayIsMadeUpWhenTheSubscriptionIsBack() {
    // given: a welcomed device, and the edge's inbox subscription dropped by the server
    String device = device();
    try (WsTestClient client = connect(device)) {
      client.connectionId();
      redis.killSubscribers();

      // when: a message is stored while nobody listens (its wake, if any, reaches no one)
      StoreOutcome stored =
          outbox
              .store(
                  new OutboxStoreRequest(device, "lost-wake", "{}", Duration.ofMinutes(5), LIMITS))
              .await()
              .atMost(WAIT);
      assertThat(stored.owner()).isPresent();

      // then: the edge reads the outbox once its subscription is back
      assertThat(client.next("message").getString("id")).isEqualTo("lost-wake");
    }
  }

  @Test
  void aResubscribeMakesADeliveryWindowOnlyForSocketsWithMessagesWaiting() {
    // given: two welcomed devices, and the edge's inbox subscription dropped by the server
    String waiting = device();
    String idle = device();
    try (WsTestClient withMessage = connect(waiting);
        WsTestClient without = connect(idle)) {
      withMessage.connectionId();
      String idleConn = without.connectionId();
      redis.killSubscribers();

      // when: a message is stored for one of them while nobody listens, and the subscription is
      // back (every welcomed socket then reads its outbox once)
      outbox
          .store(new OutboxStoreRequest(waiting, "missed", "{}", Duration.ofMinutes(5), LIMITS))
          .await()
          .atMost(WAIT);
      assertThat(withMessage.next("message").getString("id")).isEqualTo("missed");

      // then: the socket that had nothing waiting got no window (most sockets never need one)
      assertThat(edgeConnection(idleConn).delivery()).isEmpty();
    }
  }

  @Test
  void messagesStoredWhileOfflineArriveAfterTheWelcomeInOrder() {
    // given
    String device = device();
    for (int i = 0; i < 6; i++) {
      send(device, new JsonObject().put("n", i));
    }

    // when
    try (WsTestClient client = connect(device)) {
      client.next("welcome");
      List<JsonObject> received = new DurableReceiver(client).receive(6);

      // then
      assertThat(received)
          .extracting(m -> m.getJsonObject("payload").getInteger("n"))
          .containsExactly(0, 1, 2, 3, 4, 5);
    }
  }
}
