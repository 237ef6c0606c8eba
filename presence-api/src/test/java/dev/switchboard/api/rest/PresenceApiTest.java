package dev.switchboard.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.InboxMessage;
import dev.switchboard.core.model.InstanceInfo;
import dev.switchboard.core.model.Owner;
import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.store.DeviceIndex;
import dev.switchboard.core.store.Inbox;
import dev.switchboard.core.store.InboxSubscription;
import dev.switchboard.core.store.InstanceRegistry;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.core.testing.PresenceFixtures;
import dev.switchboard.testsupport.InjectRedis;
import dev.switchboard.testsupport.RedisServer;
import dev.switchboard.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every endpoint's success and error paths, through HTTP, against a real redis-server. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class PresenceApiTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Inject PresenceStore store;
  @Inject InstanceRegistry registry;
  @Inject DeviceIndex index;
  @Inject Inbox inbox;
  @Inject PresenceKeys keys;
  @InjectRedis RedisServer redis;

  private static RequestSpecification api() {
    return given().header("Authorization", "Bearer test-key");
  }

  private static String id() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** A live edge instance (fresh lease) and devices it holds. */
  private Owner liveEdge(String... devices) {
    Owner owner = new Owner("i" + id(), "edge-" + id(), "uid-" + id(), "node-1");
    registry.register(new InstanceInfo(owner, "test")).await().atMost(WAIT);
    for (String d : devices) {
      index.add(owner.inst(), d).await().atMost(WAIT);
      store.claim(ClaimRequest.newest(d, "conn-" + d, owner, "10.0.0.1:1")).await().atMost(WAIT);
    }
    return owner;
  }

  /**
   * An edge whose lease expired a minute ago (its pod crashed). Moving a heartbeat backwards never
   * happens in production, so the API's lease snapshot may still hold the fresh one for a refresh
   * period: wait until the API has seen the expiry, as it would after a real crash.
   */
  private Owner crashedEdge(String device) {
    Owner owner = liveEdge(device);
    new PresenceFixtures(redis, keys).ageLease(owner.inst(), 60_000);
    await()
        .atMost(WAIT)
        .until(() -> Boolean.TRUE.equals(api().get("/v1/presence/" + device).path("stale")));
    return owner;
  }

  @Test
  void onlineDeviceAnswersWhereAndSinceWhen() {
    String device = "d-" + id();
    Owner owner = liveEdge(device);

    api()
        .get("/v1/presence/" + device)
        .then()
        .statusCode(200)
        .body("device", equalTo(device))
        .body("online", equalTo(true))
        .body("conn", equalTo("conn-" + device))
        .body("inst", equalTo(owner.inst()))
        .body("pod", equalTo(owner.pod()))
        .body("podUid", equalTo(owner.podUid()))
        .body("node", equalTo("node-1"))
        .body("epoch", notNullValue())
        .body("since", notNullValue())
        .body("seen", notNullValue())
        .body("stale", nullValue());
  }

  @Test
  void unknownDeviceIs404Offline() {
    api()
        .get("/v1/presence/nobody-" + id())
        .then()
        .statusCode(404)
        .body("online", equalTo(false))
        .body("stale", nullValue());
  }

  @Test
  @DisplayName("P8: a lease expiry makes a device read stale without touching its entry")
  void leaseExpiryMakesADeviceReadStaleWithoutTouchingItsEntry() {
    // given: the owner's pod crashed; its entry is still in Redis (the sweeper has not run)
    String device = "d-" + id();
    crashedEdge(device);

    // when / then
    api()
        .get("/v1/presence/" + device)
        .then()
        .statusCode(404)
        .body("online", equalTo(false))
        .body("stale", equalTo(true));
    assertThat(store.entry(device).await().atMost(WAIT)).isPresent();
  }

  @Test
  void invalidDeviceIdIs400ProblemJson() {
    api()
        .get("/v1/presence/bad%20id")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("detail", containsString("letters, digits"));
  }

  @Test
  void lookupOfAThousandIdsAnswersInRequestOrder() {
    // given
    List<String> devices = IntStream.range(0, 1000).mapToObj(i -> "bulk-" + i).toList();
    liveEdge(devices.subList(0, 500).toArray(String[]::new));
    String stale = "bulk-stale-" + id();
    crashedEdge(stale);
    List<String> asked = new java.util.ArrayList<>(devices.subList(0, 999));
    asked.add(stale);

    // when / then
    api()
        .contentType(ContentType.JSON)
        .body(new JsonObject().put("devices", asked).encode())
        .post("/v1/presence/lookup")
        .then()
        .statusCode(200)
        .body("results", hasSize(1000))
        .body("results[0].device", equalTo("bulk-0"))
        .body("results[0].online", equalTo(true))
        .body("results[499].online", equalTo(true))
        .body("results[500].device", equalTo("bulk-500"))
        .body("results[500].online", equalTo(false))
        .body("results[999].stale", equalTo(true));
  }

  @Test
  void lookupAnswersEachDeviceAsTheSingleLookupDoes() {
    // given
    String online = "same-" + id();
    liveEdge(online);
    String stale = "same-stale-" + id();
    crashedEdge(stale);
    String offline = "same-off-" + id();

    // when
    JsonObject batch =
        new JsonObject(
            api()
                .contentType(ContentType.JSON)
                .body(new JsonObject().put("devices", List.of(online, stale, offline)).encode())
                .post("/v1/presence/lookup")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .asString());

    // then
    List<JsonObject> singles =
        List.of(online, stale, offline).stream()
            .map(d -> new JsonObject(api().get("/v1/presence/" + d).then().extract().asString()))
            .toList();
    assertThat(batch.fieldNames()).containsExactly("results");
    assertThat(batch.getJsonArray("results").getList()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(batch.getJsonArray("results").getJsonObject(i)).isEqualTo(singles.get(i));
    }
    assertThat(singles.get(0).getBoolean("online")).isTrue();
    assertThat(singles.get(0).fieldNames())
        .containsExactlyInAnyOrder(
            "device", "online", "conn", "epoch", "pod", "podUid", "node", "inst", "since", "seen");
    assertThat(singles.get(1).getBoolean("stale")).isTrue();
    assertThat(singles.get(2).fieldNames()).containsExactlyInAnyOrder("device", "online");
  }

  @Test
  void lookupRefusesTooManyBadIdsAndBadBodies() {
    List<String> tooMany = IntStream.range(0, 1001).mapToObj(i -> "x" + i).toList();
    api()
        .contentType(ContentType.JSON)
        .body(new JsonObject().put("devices", tooMany).encode())
        .post("/v1/presence/lookup")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("detail", containsString("1001"));
    api()
        .contentType(ContentType.JSON)
        .body("{\"devices\":[\"ok\",\"not ok\"]}")
        .post("/v1/presence/lookup")
        .then()
        .statusCode(400)
        .body("detail", containsString("devices[1]"));
    api()
        .contentType(ContentType.JSON)
        .body("{\"devices\":")
        .post("/v1/presence/lookup")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    api()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/v1/presence/lookup")
        .then()
        .statusCode(400)
        .body("detail", containsString("devices"));
  }

  @Test
  void instancesDevicesPagesAndStats() {
    // given
    List<String> devices = IntStream.range(0, 250).mapToObj(i -> "pg-" + i).toList();
    Owner owner = liveEdge(devices.toArray(String[]::new));

    // then: the instance is listed, live, with its device count
    api()
        .get("/v1/instances")
        .then()
        .statusCode(200)
        .body("instances.find { it.inst == '" + owner.inst() + "' }.live", equalTo(true))
        .body("instances.find { it.inst == '" + owner.inst() + "' }.devices", equalTo(250))
        .body("instances.find { it.inst == '" + owner.inst() + "' }.pod", equalTo(owner.pod()));

    // and its devices page through with a cursor
    java.util.Set<String> seen = new java.util.HashSet<>();
    String cursor = "0";
    do {
      var page =
          api()
              .queryParam("cursor", cursor)
              .queryParam("limit", 100)
              .get("/v1/instances/" + owner.inst() + "/devices")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      seen.addAll(page.getList("devices", String.class));
      cursor = page.getString("nextCursor");
    } while (!"0".equals(cursor));
    assertThat(seen).containsExactlyInAnyOrderElementsOf(devices);

    // and stats count it per pod and instance
    api().get("/v1/stats").then().statusCode(200).body("perInstance." + owner.inst(), equalTo(250));

    // and bad paging input is a clear 400
    api()
        .queryParam("limit", 0)
        .get("/v1/instances/" + owner.inst() + "/devices")
        .then()
        .statusCode(400);
    api()
        .queryParam("cursor", "abc")
        .get("/v1/instances/" + owner.inst() + "/devices")
        .then()
        .statusCode(400)
        .body("detail", containsString("cursor"));
  }

  @Test
  void messageToAnOnlineDeviceIsRoutedToItsInstancesInbox() throws Exception {
    // given: a live edge listening on its inbox
    String device = "m-" + id();
    Owner owner = liveEdge(device);
    LinkedBlockingQueue<InboxMessage> received = new LinkedBlockingQueue<>();
    InboxSubscription subscriber = inbox.subscribe(owner.inst(), received::add);
    Awaitility.await().atMost(WAIT).until(subscriber::isSubscribed);

    // when
    var routed =
        api()
            .contentType(ContentType.JSON)
            .body("{\"text\":\"hello\"}")
            .post("/v1/devices/" + device + "/messages?delivery=at-most-once")
            .then()
            .statusCode(202)
            .body("inst", equalTo(owner.inst()))
            .body("pod", equalTo(owner.pod()))
            .body("conn", equalTo("conn-" + device))
            .extract()
            .jsonPath();

    // then
    InboxMessage delivered = received.poll(5, TimeUnit.SECONDS);
    assertThat(delivered).isInstanceOf(InboxMessage.Deliver.class);
    InboxMessage.Deliver deliver = (InboxMessage.Deliver) delivered;
    assertThat(deliver.id()).isEqualTo(routed.getString("id"));
    assertThat(new JsonObject(deliver.payloadJson()).getString("text")).isEqualTo("hello");
    subscriber.close();
  }

  @Test
  void atMostOnceMessagesToOfflineDevicesOrWithBadPayloadsAreRefused() {
    String device = "m-" + id();
    api()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/v1/devices/" + device + "/messages?delivery=at-most-once")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    String stale = "m-" + id();
    crashedEdge(stale);
    api()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/v1/devices/" + stale + "/messages?delivery=at-most-once")
        .then()
        .statusCode(404)
        .body("detail", containsString("lease expired"));
    String online = "m-" + id();
    liveEdge(online);
    api()
        .contentType(ContentType.JSON)
        .body("{\"x\":\"" + "y".repeat(70_000) + "\"}")
        .post("/v1/devices/" + online + "/messages?delivery=at-most-once")
        .then()
        .statusCode(413);
    api()
        .contentType(ContentType.JSON)
        .body("{oops")
        .post("/v1/devices/" + online + "/messages?delivery=at-most-once")
        .then()
        .statusCode(400)
        .body("detail", containsString("not valid JSON"));
    // the owner is alive but nobody listens on its inbox
    api()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/v1/devices/" + online + "/messages?delivery=at-most-once")
        .then()
        .statusCode(503)
        .header("Retry-After", notNullValue());
  }

  @Test
  void everyV1RouteNeedsAValidApiKeyButHealthDoesNot() {
    given()
        .get("/v1/presence/x")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", "Bearer");
    given().header("Authorization", "Bearer wrong").get("/v1/presence/x").then().statusCode(401);
    given()
        .header("Authorization", "Bearer other-key")
        .get("/v1/presence/x")
        .then()
        .statusCode(404);
    given().get("/q/health/ready").then().statusCode(200);
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("http_server_requests_seconds_bucket"))
        .body(containsString("switchboard_api_lookups_total{outcome=\"offline\""));
    given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/presence/lookup"));
  }

  @Test
  void redisKilledMidTestGives503ProblemsAndRecoversWithoutARestart() {
    // given
    String device = "r-" + id();
    liveEdge(device);

    // when
    redis.kill();

    // then
    api()
        .get("/v1/presence/" + device)
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", "5")
        .body("detail", containsString("Redis"));

    // when
    redis.restart();

    // then: same process answers again (Redis came back empty)
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> api().get("/v1/presence/" + device).then().statusCode(404));
  }
}
