package dev.switchboard.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.switchboard.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 6: named keys with read, route and admin scopes (see test application.properties).
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class ApiKeyScopesTest {

  @TestHTTPResource("/v1/events")
  URI events;

  private static RequestSpecification as(String secret) {
    return given().header("Authorization", "Bearer " + secret);
  }

  @Test
  @DisplayName("a read key reads every read route and is refused routing with a 403 naming route")
  void readKeyReadsButCannotRoute() throws Exception {
    as("reader-secret").get("/v1/presence/d-1").then().statusCode(404);
    as("reader-secret")
        .contentType(ContentType.JSON)
        .body("{\"devices\":[\"d-1\"]}")
        .post("/v1/presence/lookup")
        .then()
        .statusCode(200);
    as("reader-secret").get("/v1/instances").then().statusCode(200);
    as("reader-secret").get("/v1/stats").then().statusCode(200);
    as("reader-secret").get("/v1/sweeper").then().statusCode(404);
    assertThat(eventsStatus("reader-secret")).isEqualTo(200);

    as("reader-secret")
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/v1/devices/d-1/messages")
        .then()
        .statusCode(403)
        .contentType(ProblemMappers.PROBLEM_JSON)
        .body(
            "detail",
            allOf(
                containsString("'reader'"),
                containsString("'route'"),
                not(containsString("reader-secret"))));
  }

  @Test
  @DisplayName("a route key routes and is refused reads with a 403 naming read")
  void routeKeyRoutesButCannotRead() throws Exception {
    String id =
        as("router-secret")
            .contentType(ContentType.JSON)
            .body("{}")
            .post("/v1/devices/d-1/messages")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    as("router-secret").get("/v1/devices/d-1/messages/" + id).then().statusCode(200);
    as("reader-secret")
        .get("/v1/devices/d-1/messages/" + id)
        .then()
        .statusCode(403)
        .body("detail", containsString("'route'"));
    as("router-secret")
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/v1/devices/d-1/messages?delivery=at-most-once")
        .then()
        .statusCode(404);
    as("router-secret")
        .get("/v1/presence/d-1")
        .then()
        .statusCode(403)
        .body("detail", allOf(containsString("'router'"), containsString("'read'")));
    assertThat(eventsStatus("router-secret")).isEqualTo(403);
  }

  @Test
  @DisplayName("an admin-only key has no read or route scope")
  void adminKeyAloneCannotReadOrRoute() {
    as("operator-secret").get("/v1/sweeper").then().statusCode(403);
    as("operator-secret")
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/v1/devices/d-1/messages")
        .then()
        .statusCode(403);
  }

  @Test
  @DisplayName("requests are counted by key name and outcome; no secret reaches the metrics")
  void requestsAreCountedByKeyName() {
    as("reader-secret").get("/v1/presence/d-2").then().statusCode(404);
    as("router-secret").get("/v1/presence/d-2").then().statusCode(403);
    given().get("/v1/presence/d-2").then().statusCode(401);
    as("test-key").get("/v1/presence/d-2").then().statusCode(404);

    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(
            allOf(
                containsString("switchboard_api_requests_total{key=\"reader\",outcome=\"allowed\""),
                containsString(
                    "switchboard_api_requests_total{key=\"router\",outcome=\"forbidden\""),
                containsString(
                    "switchboard_api_requests_total{key=\"none\",outcome=\"unauthenticated\""),
                containsString("switchboard_api_requests_total{key=\"key-1\",outcome=\"allowed\""),
                not(containsString("-secret")),
                not(containsString("test-key"))));
  }

  /** The status of an SSE request; the stream is closed right after the headers. */
  private int eventsStatus(String secret) throws Exception {
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(events)
                    .header("Authorization", "Bearer " + secret)
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    response.body().close();
    return response.statusCode();
  }
}
