package dev.switchboard.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.InboxMessage;
import dev.switchboard.core.model.InstanceInfo;
import dev.switchboard.core.model.Owner;
import dev.switchboard.core.redis.PresenceKeys;
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
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/devices/{device}/messages} stores durably by default, and {@code GET
 * …/messages/{id}} tells the state; the caps here are 20 messages and 200,000 bytes
 * (src/test/resources). Delivery through real edges is {@code DurableDeliveryIT}'s.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class DurableMessagesTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Inject PresenceStore store;
  @Inject InstanceRegistry registry;
  @Inject Inbox inbox;
  @Inject PresenceKeys keys;
  @InjectRedis RedisServer redis;

  private static RequestSpecification api() {
    return given().header("Authorization", "Bearer test-key").contentType(ContentType.JSON);
  }

  private static String device() {
    return "dm-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private long outboxLength(String device) {
    return new PresenceFixtures(redis, keys).outboxLength(device);
  }

  @Test
  void aMessageToAnOfflineDeviceIsStoredAndQueued() {
    // given
    String device = device();

    // when
    JsonPath stored =
        api()
            .body("{\"text\":\"hello\"}")
            .post("/v1/devices/" + device + "/messages")
            .then()
            .statusCode(202)
            .body("state", equalTo("queued"))
            .body("seq", matchesPattern("\\d+-\\d+"))
            .extract()
            .jsonPath();

    // then
    api()
        .get("/v1/devices/" + device + "/messages/" + stored.getString("id"))
        .then()
        .statusCode(200)
        .body("id", equalTo(stored.getString("id")))
        .body("seq", equalTo(stored.getString("seq")))
        .body("state", equalTo("queued"));
    assertThat(outboxLength(device)).isEqualTo(1);
  }

  @Test
  void aStoreWakesTheEdgeThatHoldsTheDevice() throws Exception {
    // given: a live edge holding the device, listening on its inbox
    String device = device();
    Owner owner = new Owner("i" + UUID.randomUUID().toString().substring(0, 8), "e", "u", "n");
    registry.register(new InstanceInfo(owner, "test")).await().atMost(WAIT);
    store.claim(ClaimRequest.newest(device, "conn-1", owner, "10.0.0.1:1")).await().atMost(WAIT);
    LinkedBlockingQueue<InboxMessage> received = new LinkedBlockingQueue<>();
    InboxSubscription subscription = inbox.subscribe(owner.inst(), received::add);
    try {
      Awaitility.await().atMost(WAIT).until(subscription::isSubscribed);

      // when
      api().body("[1,2,3]").post("/v1/devices/" + device + "/messages").then().statusCode(202);

      // then
      assertThat(received.poll(5, TimeUnit.SECONDS))
          .isEqualTo(new InboxMessage.Wake(device, "conn-1"));
    } finally {
      subscription.close();
    }
  }

  @Test
  void duplicateIdempotencyKeyStoresOnce() {
    // given
    String device = device();
    JsonPath first =
        api()
            .header("Idempotency-Key", "order-42:v1")
            .body("{\"n\":1}")
            .post("/v1/devices/" + device + "/messages")
            .then()
            .statusCode(202)
            .extract()
            .jsonPath();

    // when: the caller retries (its first answer was lost), even with another body
    JsonPath repeat =
        api()
            .header("Idempotency-Key", "order-42:v1")
            .body("{\"n\":2}")
            .post("/v1/devices/" + device + "/messages")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    // then: one message, the first; its id is the key
    assertThat(first.getString("id")).isEqualTo("order-42:v1");
    assertThat(repeat.getString("id")).isEqualTo("order-42:v1");
    assertThat(repeat.getString("seq")).isEqualTo(first.getString("seq"));
    assertThat(repeat.getString("state")).isEqualTo("queued");
    assertThat(outboxLength(device)).isEqualTo(1);
    // the same key on another device is another message
    api()
        .header("Idempotency-Key", "order-42:v1")
        .body("{\"n\":1}")
        .post("/v1/devices/" + device() + "/messages")
        .then()
        .statusCode(202);
  }

  @Test
  void outboxFullAnswers429() {
    // given: an offline device with 20 messages waiting (the count cap)
    String device = device();
    for (int i = 0; i < 20; i++) {
      api()
          .body("{\"n\":" + i + "}")
          .post("/v1/devices/" + device + "/messages")
          .then()
          .statusCode(202);
    }

    // when / then: the count cap is named, with when to come back
    api()
        .body("{\"n\":20}")
        .post("/v1/devices/" + device + "/messages")
        .then()
        .statusCode(429)
        .contentType(ProblemMappers.PROBLEM_JSON)
        .header("Retry-After", matchesPattern("\\d+"))
        .body("cap", equalTo("count"))
        .body("held", equalTo(20))
        .body("limit", equalTo(20))
        .body("detail", containsString("switchboard.delivery.max-messages"));
    assertThat(outboxLength(device)).isEqualTo(20);

    // given: another device, three payloads of 60,000 bytes (the byte cap is 200,000)
    String big = device();
    String payload = "\"" + "x".repeat(59_998) + "\"";
    for (int i = 0; i < 3; i++) {
      api().body(payload).post("/v1/devices/" + big + "/messages").then().statusCode(202);
    }

    // when / then
    api()
        .body(payload)
        .post("/v1/devices/" + big + "/messages")
        .then()
        .statusCode(429)
        .header("Retry-After", matchesPattern("\\d+"))
        .body("cap", equalTo("bytes"))
        .body("held", equalTo(180_000))
        .body("detail", containsString("switchboard.delivery.max-bytes"));
  }

  @Test
  void aMessagePastItsTtlReadsExpired() {
    // given
    String device = device();
    String id =
        api()
            .queryParam("ttl", "1")
            .body("{}")
            .post("/v1/devices/" + device + "/messages")
            .then()
            .statusCode(202)
            .extract()
            .path("id");

    // then
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                api()
                    .get("/v1/devices/" + device + "/messages/" + id)
                    .then()
                    .body("state", equalTo("expired")));
  }
}
