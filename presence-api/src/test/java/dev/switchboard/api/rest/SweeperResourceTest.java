package dev.switchboard.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.switchboard.core.store.SweeperReports;
import dev.switchboard.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** GET /v1/sweeper: the sweeper's last stored report, through HTTP, against a real redis-server. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class SweeperResourceTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Inject SweeperReports reports;

  @Test
  void noReportIs404UntilTheSweeperStoresOneThenItIsServedAsStored() {
    // given: no sweeper run yet
    // when / then
    given()
        .header("Authorization", "Bearer test-key")
        .get("/v1/sweeper")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404))
        .body("detail", containsString("no sweeper run"));

    // given: a run stored its report
    String stored =
        "{\"ok\":true,\"startedMs\":1,\"durationMs\":2,\"dryRun\":false,\"instancesSeen\":3,"
            + "\"expired\":1,\"verdicts\":{\"dead\":1,\"restarted\":0,\"suspect\":0,"
            + "\"unresponsive\":0},\"entriesSwept\":250,\"entriesKept\":0,"
            + "\"instancesRemoved\":[\"i-b\"],\"details\":[{\"inst\":\"i-b\",\"verdict\":\"dead\","
            + "\"reason\":\"pod edge-b not found\"}]}";
    reports.store(stored, true).await().atMost(WAIT);

    // when
    String body =
        given()
            .header("Authorization", "Bearer test-key")
            .get("/v1/sweeper")
            .then()
            .statusCode(200)
            .contentType("application/json")
            .extract()
            .asString();

    // then
    assertThat(body).isEqualTo(stored);
  }

  @Test
  void theReportNeedsAnApiKeyAndIsDocumented() {
    given()
        .get("/v1/sweeper")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", "Bearer");
    given().header("Authorization", "Bearer wrong").get("/v1/sweeper").then().statusCode(401);
    given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/sweeper"));
  }
}
