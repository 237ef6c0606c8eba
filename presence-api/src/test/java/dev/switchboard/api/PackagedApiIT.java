package dev.switchboard.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.FreePorts;
import dev.switchboard.testsupport.PackagedApp;
import dev.switchboard.testsupport.PackagedAppLog;
import dev.switchboard.testsupport.RedisServer;
import dev.switchboard.testsupport.UniquePrefix;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged presence-api as operators run it: what its log says at start, in use and at stop.
 */
class PackagedApiIT {

  private static final String JAR =
      System.getProperty("api.jar", "target/quarkus-app/quarkus-run.jar");
  private static RedisServer redis;
  private static Map<String, String> properties;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
    properties = new HashMap<>();
    properties.put("quarkus.redis.hosts", redis.url());
    properties.put("switchboard.key-prefix", UniquePrefix.next());
    properties.put("switchboard.api.auth.keys", "ops:packaged-api-secret:read+route");
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  void aNormalLifeLogsNoWarningOrErrorAndEveryLineCarriesInst() throws Exception {
    try (PackagedApp api = PackagedApp.start(JAR, "api", FreePorts.any(), properties)) {
      api.awaitReady(Duration.ofSeconds(60));

      // given: requests, one of them for an offline device
      given()
          .baseUri(api.base().toString())
          .header("Authorization", "Bearer packaged-api-secret")
          .get("/v1/presence/nobody")
          .then()
          .statusCode(404);

      // when
      api.terminate(Duration.ofSeconds(30));

      // then
      String log = api.output();
      assertThat(PackagedAppLog.normalLifeProblems(log)).as(log).isEmpty();
    }
  }

  @Test
  void withJsonLogsEveryLineIsOneJsonRecordCarryingInst() throws Exception {
    // given
    Map<String, String> json = new HashMap<>(properties);
    json.put("switchboard.log.json", "true");
    try (PackagedApp api = PackagedApp.start(JAR, "json", FreePorts.any(), json)) {
      api.awaitReady(Duration.ofSeconds(60));

      // when
      api.terminate(Duration.ofSeconds(30));

      // then
      List<String> lines = api.output().lines().filter(l -> !l.isBlank()).toList();
      assertThat(lines).hasSizeGreaterThan(3);
      for (String line : lines) {
        JsonObject record = new JsonObject(line);
        assertThat(record.getString("level")).as(line).isNotBlank();
        assertThat(record.getString("message")).as(line).isNotNull();
        assertThat(record.getJsonObject("mdc").getString("inst")).as(line).isNotBlank();
      }
      assertThat(lines).anyMatch(l -> l.contains("presence-api process"));
    }
  }

  @Test
  void twoBadKeysFailStartUpInOneShortBlockNamingBoth() throws Exception {
    // given: one bad shared key and one bad presence-api key
    Map<String, String> bad = new HashMap<>(properties);
    bad.put("switchboard.lease.heartbeat", "10s");
    bad.put("switchboard.api.max-lookup", "0");

    // when
    try (PackagedApp api = PackagedApp.start(JAR, "bad", FreePorts.any(), bad)) {
      List<String> problems =
          PackagedAppLog.refusedStartProblems(
              api,
              Duration.ofSeconds(60),
              "Switchboard cannot start: 2 settings are invalid",
              "  - switchboard.lease.heartbeat (PT10S) must be at most half of"
                  + " switchboard.lease.ttl (PT15S)",
              "  - switchboard.api.max-lookup must be 1 to 10000, got 0");

      // then
      assertThat(problems).as(api.output()).isEmpty();
    }
  }
}
