package dev.switchboard.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testsupport.DurableReceiver;
import dev.switchboard.testsupport.FreePorts;
import dev.switchboard.testsupport.PackagedApp;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Durable delivery end to end: this presence-api stores and wakes, packaged ws-edge processes on
 * the same Redis deliver, and a device that follows the protocol (drop {@code seq <= last}, ack
 * every message) moves between them across takeovers, an edge SIGKILL and a SIGTERM drain. Every
 * message arrives, in order; redeliveries are counted.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class DurableDeliveryIT {

  private static final String JAR =
      System.getProperty("edge.jar", "../ws-edge/target/quarkus-app/quarkus-run.jar");
  private static final Duration READY = Duration.ofSeconds(90);
  private static PackagedApp edgeA;
  private static PackagedApp edgeB;

  @BeforeAll
  static void startEdges() throws Exception {
    edgeA = startEdge("a");
    edgeB = startEdge("b");
    edgeA.awaitReady(READY);
    edgeB.awaitReady(READY);
  }

  @AfterAll
  static void stopEdges() {
    edgeA.close();
    edgeB.close();
  }

  private static PackagedApp startEdge(String name) throws Exception {
    Map<String, String> properties = new HashMap<>();
    properties.put(
        "quarkus.redis.hosts",
        ConfigProvider.getConfig().getValue("quarkus.redis.hosts", String.class));
    properties.put(
        "switchboard.key-prefix",
        ConfigProvider.getConfig().getValue("switchboard.key-prefix", String.class));
    properties.put("switchboard.auth.mode", "none");
    properties.put("switchboard.edge.drain.window", "1s");
    properties.put("switchboard.lease.heartbeat", "1s");
    properties.put("switchboard.lease.ttl", "3s");
    return PackagedApp.start(JAR, "edge-" + name, FreePorts.any(), properties);
  }

  private static RequestSpecification api() {
    return given().header("Authorization", "Bearer test-key").contentType(ContentType.JSON);
  }

  private static String device() {
    return "dl-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static WsTestClient connect(PackagedApp edge, String device) {
    WsTestClient socket = WsTestClient.to(edge.base()).query("device=" + device).connect();
    socket.next("welcome");
    return socket;
  }

  /** Sends messages {@code n = from .. to-1} and returns their ids. */
  private static List<String> post(String device, int from, int to) {
    List<String> ids = new java.util.ArrayList<>();
    for (int n = from; n < to; n++) {
      ids.add(
          api()
              .body(new JsonObject().put("n", n).encode())
              .post("/v1/devices/" + device + "/messages")
              .then()
              .statusCode(202)
              .extract()
              .path("id"));
    }
    return ids;
  }

  private static String last(List<String> ids) {
    return ids.get(ids.size() - 1);
  }

  private static String state(String device, String id) {
    return api().get("/v1/devices/" + device + "/messages/" + id).then().extract().path("state");
  }

  private static List<Integer> numbers(DurableReceiver receiver) {
    return receiver.delivered().stream()
        .map(m -> m.getJsonObject("payload").getInteger("n"))
        .toList();
  }

  private static List<Integer> upTo(int end) {
    return IntStream.range(0, end).boxed().toList();
  }

  @Test
  void messageToOfflineDeviceIsDeliveredWhenItConnects() {
    // given: three messages for a device no edge holds
    String device = device();
    String last = last(post(device, 0, 3));
    assertThat(state(device, last)).isEqualTo("queued");

    // when
    try (WsTestClient socket = connect(edgeA, device)) {
      DurableReceiver receiver = new DurableReceiver(socket);
      receiver.receive(3);

      // then
      assertThat(numbers(receiver)).containsExactly(0, 1, 2);
      await().atMost(Duration.ofSeconds(5)).until(() -> "acked".equals(state(device, last)));
    }
  }

  @Test
  void messagesSurviveTakeoverToAnotherEdgeInOrder() {
    // given: a device on edge A has been sent 7 of 10 messages and acknowledged only 4
    String device = device();
    WsTestClient onA = connect(edgeA, device);
    List<String> ids = post(device, 0, 10);
    DurableReceiver receiver = new DurableReceiver(onA);
    receiver.receive(4);
    receiver.receive(3, false);
    await().atMost(Duration.ofSeconds(5)).until(() -> "acked".equals(state(device, ids.get(3))));

    // when: the device comes back through edge B (a takeover: A's socket gets 4001)
    WsTestClient onB = connect(edgeB, device);
    assertThat(onA.awaitClose().code()).isEqualTo(4001);
    receiver.on(onB).receive(3);
    post(device, 10, 15);
    receiver.receive(5);

    // then: every message once, in order; the 3 unacknowledged came again and were dropped
    assertThat(numbers(receiver)).containsExactlyElementsOf(upTo(15));
    assertThat(receiver.duplicates()).isEqualTo(3);
    onB.close();
  }

  @Test
  void messagesSurviveEdgeKillWithoutLoss() throws Exception {
    // given: a device on an edge that has been sent 6 of 10 messages, 4 acknowledged
    PackagedApp victim = startEdge("killed");
    victim.awaitReady(READY);
    String device = device();
    WsTestClient onVictim = connect(victim, device);
    List<String> ids = post(device, 0, 10);
    DurableReceiver receiver = new DurableReceiver(onVictim);
    receiver.receive(4);
    receiver.receive(2, false);
    // the 4 acks reached Redis (an ack still in flight when the edge dies is lost with it, and
    // its message comes again: at least once)
    await().atMost(Duration.ofSeconds(5)).until(() -> "acked".equals(state(device, ids.get(3))));

    // when: the edge is killed (SIGKILL), messages arrive while the device has no socket, and it
    // reconnects through another edge
    victim.process.destroyForcibly().waitFor();
    assertThat(onVictim.awaitClose().code()).isEqualTo(1006);
    String last = last(post(device, 10, 15));
    WsTestClient onB = connect(edgeB, device);
    receiver.on(onB).receive(9);

    // then
    assertThat(numbers(receiver)).containsExactlyElementsOf(upTo(15));
    assertThat(receiver.duplicates()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(5)).until(() -> "acked".equals(state(device, last)));
    onB.close();
  }

  @Test
  void messagesSurviveDrainAndReconnect() throws Exception {
    // given: a device on an edge that has been sent 5 of 8 messages, 3 acknowledged
    PackagedApp drained = startEdge("drained");
    drained.awaitReady(READY);
    String device = device();
    WsTestClient onDrained = connect(drained, device);
    List<String> ids = post(device, 0, 8);
    DurableReceiver receiver = new DurableReceiver(onDrained);
    receiver.receive(3);
    receiver.receive(2, false);
    await().atMost(Duration.ofSeconds(5)).until(() -> "acked".equals(state(device, ids.get(2))));

    // when: SIGTERM drains the edge (reconnect hint, 1001) and the device reconnects elsewhere
    assertThat(drained.terminate(Duration.ofSeconds(30))).isZero();
    assertThat(onDrained.awaitClose().code()).isEqualTo(1001);
    WsTestClient onB = connect(edgeB, device);
    receiver.on(onB).receive(3);
    post(device, 8, 12);
    receiver.receive(4);

    // then
    assertThat(numbers(receiver)).containsExactlyElementsOf(upTo(12));
    assertThat(receiver.duplicates()).isEqualTo(2);
    onB.close();
  }

  @Test
  void expiredMessagesAreReportedNotDelivered() throws Exception {
    // given: a message that may wait one second, then one that may wait five minutes
    String device = device();
    String expiring =
        api()
            .queryParam("ttl", "1")
            .body("{\"n\":0}")
            .post("/v1/devices/" + device + "/messages")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    post(device, 1, 2);
    double expiredBefore = expiredOnEdgeB();
    Thread.sleep(1_500);

    // when: the device connects after the first one's TTL
    try (WsTestClient socket = connect(edgeB, device)) {
      DurableReceiver receiver = new DurableReceiver(socket);
      receiver.receive(1);

      // then: only the live one arrives; the other reads expired, and the edge counted it
      assertThat(numbers(receiver)).containsExactly(1);
      assertThat(socket.nextWithin("message", Duration.ofMillis(500))).isEmpty();
      assertThat(state(device, expiring)).isEqualTo("expired");
      assertThat(expiredOnEdgeB()).isEqualTo(expiredBefore + 1);
    }
  }

  private static double expiredOnEdgeB() throws Exception {
    java.net.http.HttpResponse<String> metrics =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(edgeB.base().resolve("/q/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    return metrics
        .body()
        .lines()
        .filter(l -> l.startsWith("switchboard_edge_delivery_expired_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(0);
  }
}
