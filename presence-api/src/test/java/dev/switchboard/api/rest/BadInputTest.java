package dev.switchboard.api.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.switchboard.core.model.InstanceInfo;
import dev.switchboard.core.model.Owner;
import dev.switchboard.core.store.DeviceIndex;
import dev.switchboard.core.store.InstanceRegistry;
import dev.switchboard.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 7: each bad input seen in the field answers a 4xx problem document whose detail
 * tells the caller what to send instead; never a 500, an empty body or parser internals.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class BadInputTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Inject InstanceRegistry registry;
  @Inject DeviceIndex index;

  private static RequestSpecification api() {
    return given().header("Authorization", "Bearer test-key");
  }

  private static String id() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  @DisplayName("cursor beyond 64 bits is a 400 naming the cursor, not a Redis error 500")
  void cursorBeyondSixtyFourBitsIs400() {
    api()
        .queryParam("cursor", "99999999999999999999")
        .get("/v1/instances/i-" + id() + "/devices")
        .then()
        .statusCode(400)
        .contentType(ProblemMappers.PROBLEM_JSON)
        .body("detail", containsString("cursor"));
  }

  @Test
  @DisplayName("limit=abc is a 400 naming the limit, not a 404")
  void nonNumericLimitIs400() {
    api()
        .queryParam("limit", "abc")
        .get("/v1/instances/i-" + id() + "/devices")
        .then()
        .statusCode(400)
        .contentType(ProblemMappers.PROBLEM_JSON)
        .body("detail", allOf(containsString("limit"), containsString("abc")));
  }

  @Test
  @DisplayName("devices as a string instead of a list is a 400 that says devices must be a list")
  void devicesAsAStringIs400WithADetail() {
    api()
        .contentType(ContentType.JSON)
        .body("{\"devices\":\"phone-1\"}")
        .post("/v1/presence/lookup")
        .then()
        .statusCode(400)
        .contentType(ProblemMappers.PROBLEM_JSON)
        .body("detail", allOf(containsString("devices"), containsString("array")));
  }

  @Test
  @DisplayName("malformed JSON is a 400 with a position, without Jackson's internals")
  void malformedJsonHasNoParserInternals() {
    api()
        .contentType(ContentType.JSON)
        .body("{\"devices\": [\"a\",")
        .post("/v1/presence/lookup")
        .then()
        .statusCode(400)
        .contentType(ProblemMappers.PROBLEM_JSON)
        .body(
            "detail",
            allOf(
                containsString("not valid JSON"),
                containsString("line 1"),
                not(containsString("Source")),
                not(containsString("marker")),
                not(containsString("REDACTED"))));
  }

  @Test
  @DisplayName("a wrong content type is a 415 that says to send application/json")
  void wrongContentTypeSaysWhatToSend() {
    api()
        .contentType(ContentType.TEXT)
        .body("{\"devices\":[\"a\"]}")
        .post("/v1/presence/lookup")
        .then()
        .statusCode(415)
        .contentType(ProblemMappers.PROBLEM_JSON)
        .body("detail", allOf(containsString("application/json"), containsString("text/plain")));
    api()
        .contentType(ContentType.XML)
        .body("<x/>")
        .post("/v1/devices/d-1/messages")
        .then()
        .statusCode(415)
        .contentType(ProblemMappers.PROBLEM_JSON)
        .body("detail", containsString("application/json"));
  }

  @Test
  @DisplayName("a malformed Idempotency-Key is a 400 that says which characters it may hold")
  void malformedIdempotencyKeyIs400() {
    for (String key : new String[] {"has space", "a/b", "k".repeat(129), "ünicode"}) {
      api()
          .contentType(ContentType.JSON)
          .header("Idempotency-Key", key)
          .body("{}")
          .post("/v1/devices/d-" + id() + "/messages")
          .then()
          .statusCode(400)
          .contentType(ProblemMappers.PROBLEM_JSON)
          .body("detail", containsString("Idempotency-Key"));
    }
  }

  @Test
  @DisplayName("a malformed or too long ttl, or an unknown delivery, is a 400 naming it")
  void malformedTtlOrDeliveryIs400() {
    for (String ttl : new String[] {"abc", "0", "-5", "PT30S", "1.5", "", "86401"}) {
      api()
          .contentType(ContentType.JSON)
          .queryParam("ttl", ttl)
          .body("{}")
          .post("/v1/devices/d-" + id() + "/messages")
          .then()
          .statusCode(400)
          .contentType(ProblemMappers.PROBLEM_JSON)
          .body("detail", containsString("ttl"));
    }
    api()
        .contentType(ContentType.JSON)
        .queryParam("delivery", "sometimes")
        .body("{}")
        .post("/v1/devices/d-" + id() + "/messages")
        .then()
        .statusCode(400)
        .body("detail", allOf(containsString("at-least-once"), containsString("at-most-once")));
    api()
        .contentType(ContentType.JSON)
        .queryParam("delivery", "at-most-once")
        .queryParam("ttl", "30")
        .body("{}")
        .post("/v1/devices/d-" + id() + "/messages")
        .then()
        .statusCode(400)
        .body("detail", containsString("durable delivery only"));
  }

  @Test
  @DisplayName("a durable payload over the limit is a 413, and nothing is stored")
  void oversizedDurablePayloadIs413() {
    String device = "d-" + id();
    api()
        .contentType(ContentType.JSON)
        .body("\"" + "y".repeat(70_000) + "\"")
        .post("/v1/devices/" + device + "/messages")
        .then()
        .statusCode(413)
        .contentType(ProblemMappers.PROBLEM_JSON)
        .body("detail", containsString("65536"));
  }

  @Test
  @DisplayName("an unknown message id is a 404 naming it; a malformed one a 400")
  void unknownMessageIdIs404() {
    String device = "d-" + id();
    api()
        .get("/v1/devices/" + device + "/messages/no-such-message")
        .then()
        .statusCode(404)
        .contentType(ProblemMappers.PROBLEM_JSON)
        .body("detail", allOf(containsString("no-such-message"), containsString(device)));
    api()
        .get("/v1/devices/" + device + "/messages/bad%20id")
        .then()
        .statusCode(400)
        .contentType(ProblemMappers.PROBLEM_JSON)
        .body("detail", containsString("message id"));
  }

  @Test
  @DisplayName("an unknown instance's devices are a 404 naming the instance")
  void unknownInstanceIs404NamingIt() {
    String inst = "i-" + id();
    api()
        .get("/v1/instances/" + inst + "/devices")
        .then()
        .statusCode(404)
        .contentType(ProblemMappers.PROBLEM_JSON)
        .body("detail", containsString(inst));
  }

  @Test
  @DisplayName("an instance with a lease but no devices is an empty page, not a 404")
  void instanceWithALeaseAndNoDevicesIsAnEmptyPage() {
    // given
    Owner owner = new Owner("i" + id(), "edge-" + id(), "uid-" + id(), "node-1");
    registry.register(new InstanceInfo(owner, "test")).await().atMost(WAIT);

    // when / then
    api()
        .get("/v1/instances/" + owner.inst() + "/devices")
        .then()
        .statusCode(200)
        .body("inst", equalTo(owner.inst()))
        .body("nextCursor", equalTo("0"));
  }

  @Test
  @DisplayName("an instance known only by its index (lease and record gone) still pages")
  void instanceKnownOnlyByItsIndexStillPages() {
    // given: the sweeper has not collected the index of an instance that is otherwise gone
    String inst = "i-" + id();
    index.add(inst, "left-behind").await().atMost(WAIT);

    // when / then
    api()
        .get("/v1/instances/" + inst + "/devices")
        .then()
        .statusCode(200)
        .body("devices[0]", equalTo("left-behind"));
  }

  @Test
  @DisplayName("an unknown route and a wrong method answer problem documents that say so")
  void unknownRouteAndWrongMethodAreProblems() {
    api()
        .get("/v1/nothing-here")
        .then()
        .statusCode(404)
        .contentType(ProblemMappers.PROBLEM_JSON)
        .body("detail", containsString("/v1/nothing-here"));
    api()
        .delete("/v1/presence/d-1")
        .then()
        .statusCode(405)
        .contentType(ProblemMappers.PROBLEM_JSON)
        .body("detail", containsString("DELETE"));
  }

  @Test
  @DisplayName("asking for XML is a 406 that says what the API answers")
  void unacceptableAcceptIs406() {
    api()
        .accept(ContentType.XML)
        .get("/v1/presence/d-1")
        .then()
        .statusCode(406)
        .contentType(ProblemMappers.PROBLEM_JSON)
        .body("detail", containsString("application/json"));
  }

  @Test
  @DisplayName(
      "a Content-Type or Accept that is no media type is a 415/406, not a 500 (seen by fuzz)")
  void unparsableMediaTypeHeadersAreRefusedNot500() {
    api()
        .config(
            RestAssured.config()
                .encoderConfig(
                    EncoderConfig.encoderConfig().encodeContentTypeAs("B", ContentType.TEXT)))
        .header("Content-Type", "B")
        .body("{}")
        .post("/v1/devices/d-1/messages")
        .then()
        .statusCode(415)
        .contentType(ProblemMappers.PROBLEM_JSON)
        .body("detail", containsString("application/json"));
    api()
        .header("Accept", "!")
        .get("/v1/presence/d-1")
        .then()
        .statusCode(406)
        .contentType(ProblemMappers.PROBLEM_JSON)
        .body("detail", containsString("application/json"));
  }
}
