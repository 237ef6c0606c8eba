package dev.switchboard.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.testing.PresenceFixtures;
import dev.switchboard.testsupport.InjectRedis;
import dev.switchboard.testsupport.RedisServer;
import dev.switchboard.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code switchboard.delivery.min-replicas=1} against a Redis without replicas, no store is
 * confirmed: the API answers 503 with the id to retry with, and a retry with that key waits again
 * without storing twice.
 */
@QuarkusTest
@TestProfile(UnreplicatedStoreTest.OneReplica.class)
@WithTestResource(RedisTestResource.class)
class UnreplicatedStoreTest {

  public static class OneReplica implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "switchboard.delivery.min-replicas", "1",
          "switchboard.delivery.replica-timeout", "50ms");
    }
  }

  @Inject PresenceKeys keys;
  @InjectRedis RedisServer redis;

  @Test
  void aStoreNoReplicaConfirmedAnswers503NamingTheIdToRetryWith() {
    // when
    JsonPath problem =
        given()
            .header("Authorization", "Bearer test-key")
            .contentType(ContentType.JSON)
            .body("{}")
            .post("/v1/devices/unreplicated-1/messages")
            .then()
            .statusCode(503)
            .contentType(ProblemMappers.PROBLEM_JSON)
            .header("Retry-After", "1")
            .body("replicas", equalTo(0))
            .body("detail", containsString("switchboard.delivery.min-replicas"))
            .extract()
            .jsonPath();

    // then: retried with its id as the Idempotency-Key, it is not stored twice
    String id = problem.getString("id");
    given()
        .header("Authorization", "Bearer test-key")
        .header("Idempotency-Key", id)
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/v1/devices/unreplicated-1/messages")
        .then()
        .statusCode(503)
        .body("seq", equalTo(problem.getString("seq")));
    assertThat(new PresenceFixtures(redis, keys).outboxLength("unreplicated-1")).isEqualTo(1);
  }
}
