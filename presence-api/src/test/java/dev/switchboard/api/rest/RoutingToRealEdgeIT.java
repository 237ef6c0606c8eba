package dev.switchboard.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.switchboard.testsupport.FreePorts;
import dev.switchboard.testsupport.PackagedApp;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * End to end: the API routes an at-most-once message to a device whose socket is held by a real
 * ws-edge process ({@code DurableDeliveryIT} covers durable delivery).
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class RoutingToRealEdgeIT {

  @Test
  void messageRoutedThroughTheApiArrivesOnTheDevicesSocket() throws Exception {
    // given: a packaged ws-edge on the same Redis and key prefix, and a device connected to it
    String redis = ConfigProvider.getConfig().getValue("quarkus.redis.hosts", String.class);
    String prefix = ConfigProvider.getConfig().getValue("switchboard.key-prefix", String.class);
    try (PackagedApp edge =
        PackagedApp.start(
            System.getProperty("edge.jar", "../ws-edge/target/quarkus-app/quarkus-run.jar"),
            "edge",
            FreePorts.any(),
            Map.of(
                "quarkus.redis.hosts", redis,
                "switchboard.key-prefix", prefix,
                "switchboard.auth.mode", "none"))) {
      edge.awaitReady(Duration.ofSeconds(60));
      WsTestClient socket = WsTestClient.to(edge.base()).query("device=e2e-phone").connect();
      JsonObject welcome = socket.next("welcome");
      given()
          .header("Authorization", "Bearer test-key")
          .get("/v1/presence/e2e-phone")
          .then()
          .statusCode(200)
          .body("conn", equalTo(welcome.getString("connectionId")));

      // when
      String id =
          given()
              .header("Authorization", "Bearer test-key")
              .contentType(ContentType.JSON)
              .body("{\"command\":\"ring\",\"volume\":7}")
              .post("/v1/devices/e2e-phone/messages?delivery=at-most-once")
              .then()
              .statusCode(202)
              .extract()
              .jsonPath()
              .getString("id");

      // then
      JsonObject message = socket.next("message");
      assertThat(message.getString("id")).isEqualTo(id);
      assertThat(message.containsKey("seq")).as("at-most-once carries no seq").isFalse();
      assertThat(message.getJsonObject("payload").getInteger("volume")).isEqualTo(7);
      socket.send("{\"type\":\"ack\",\"id\":\"" + id + "\"}");
      socket.close();
    }
  }
}
