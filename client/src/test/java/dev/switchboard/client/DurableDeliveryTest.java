package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.ClientState.ReconnectScheduled;
import dev.switchboard.client.delivery.Seq;
import dev.switchboard.client.policy.Ending;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Durable delivery through the whole client, against a {@link ScriptedEdge} on a real socket: the
 * edge does not send {@code seq} yet, so the wire protocol pinned in docs/DESIGN.md ("Durable
 * delivery") is played by the test.
 */
class DurableDeliveryTest {

  private ScriptedEdge edge;
  private SwitchboardClient client;
  private final StateLog log = new StateLog();
  private final List<String> handled = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    edge = new ScriptedEdge();
  }

  @AfterEach
  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    edge.close();
  }

  @Test
  void eachDurableMessageReachesTheHandlerOnceInOrderAndIsAckedAfterItReturns() throws Exception {
    // given: the handler of m2 is still running
    CountDownLatch release = new CountDownLatch(1);
    client =
        client(
            m -> {
              handled.add(m.id());
              if (m.id().equals("m2")) {
                release.await(10, TimeUnit.SECONDS);
              }
            });
    client.connect();
    ScriptedEdge.Connection first = edge.nextConnection();
    first.send(welcome("conn-1"));
    first.send(durable("m1", "5-0"));
    first.send(durable("m2", "5-1"));
    first.send(durable("m3", "5-2"));
    assertThat(first.next("\"ack\"")).contains("\"seq\":\"5-0\"");
    await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("m2"));
    await().pollDelay(Duration.ofMillis(300)).until(() -> true);

    // when
    List<String> acksWhileBlocked = first.drain("\"ack\"");
    release.countDown();

    // then
    assertThat(acksWhileBlocked).as("no ack before the handler returned").isEmpty();
    assertThat(acks(first, 2)).containsExactly("5-1", "5-2");

    // when: the edge goes away and re-sends after its cursor, as if the last acks were lost
    first.close(1001, "draining");
    ScriptedEdge.Connection second = edge.nextConnection();
    second.send(welcome("conn-2"));
    second.send(durable("m2", "5-1"));
    second.send(durable("m3", "5-2"));
    second.send(durable("m4", "5-3"));

    // then: duplicates are dropped, counted and still acked; the new one is delivered
    assertThat(acks(second, 3)).containsExactly("5-1", "5-2", "5-3");
    assertThat(handled).containsExactly("m1", "m2", "m3", "m4");
    assertThat(client.duplicatesDropped()).isEqualTo(2);
    assertThat(client.lastDeliveredSeq()).contains(new Seq(5, 3));
    assertThat(second.requestLine()).contains("device=dev-1");
  }

  @Test
  void aFailingHandlerAcksNothingAndGetsTheMessageAgainAfterTheReconnect() throws Exception {
    // given: the handler fails the first time it sees m1
    AtomicInteger failures = new AtomicInteger();
    client =
        client(
            m -> {
              if (m.id().equals("m1") && failures.getAndIncrement() == 0) {
                throw new IOException("disk full");
              }
              handled.add(m.id());
            });
    client.connect();
    ScriptedEdge.Connection first = edge.nextConnection();
    first.send(welcome("conn-1"));

    // when
    first.send(durable("m1", "7-0"));
    first.send(durable("m2", "7-1"));

    // then: the client drops the socket without an ack, and m2 is not handed over before m1
    await().atMost(Duration.ofSeconds(10)).until(first::ended);
    assertThat(first.drain("\"ack\"")).isEmpty();
    assertThat(handled).isEmpty();
    assertThat(log.all(ReconnectScheduled.class))
        .anyMatch(r -> r.cause() instanceof Ending.HandlerFailed f && f.messageId().equals("m1"));

    // when: the edge re-sends both after the reconnect
    ScriptedEdge.Connection second = edge.nextConnection();
    second.send(welcome("conn-2"));
    second.send(durable("m1", "7-0"));
    second.send(durable("m2", "7-1"));

    // then
    assertThat(acks(second, 2)).containsExactly("7-0", "7-1");
    assertThat(handled).containsExactly("m1", "m2");
    assertThat(client.duplicatesDropped()).isZero();
  }

  private SwitchboardClient client(MessageHandler handler) {
    return SwitchboardClient.builder(edge.uri(), "dev-1")
        .onMessage(handler)
        .onStateChange(log)
        .reconnectBeforeWelcome(Duration.ofMillis(50), Duration.ofMillis(200))
        .build();
  }

  /** The seqs of the next {@code n} acks the client sent on this connection. */
  private static List<String> acks(ScriptedEdge.Connection connection, int n)
      throws InterruptedException {
    List<String> seqs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String ack = connection.next("\"ack\"");
      seqs.add(ack.replaceAll(".*\"seq\":\"([^\"]+)\".*", "$1"));
    }
    return seqs;
  }

  private static String welcome(String conn) {
    return "{\"type\":\"welcome\",\"connectionId\":\""
        + conn
        + "\",\"device\":\"dev-1\",\"epoch\":1,\"heartbeatMs\":10000,"
        + "\"reconnect\":{\"baseMs\":50,\"maxMs\":200,\"jitter\":\"full\"},\"delivery\":{\"window\":32}}";
  }

  private static String durable(String id, String seq) {
    return "{\"type\":\"message\",\"id\":\"" + id + "\",\"seq\":\"" + seq + "\",\"payload\":{}}";
  }
}
