package dev.switchboard.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.switchboard.testsupport.FreePorts;
import dev.switchboard.testsupport.PackagedApp;
import dev.switchboard.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * End to end: the API routes a message to a device whose socket is held by a real ws-edge process.
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
      LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
      WebSocket socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + edge.port + "/v1/connect?device=e2e-phone"),
                  new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(
                        WebSocket ws, CharSequence data, boolean last) {
                      partial.append(data);
                      if (last) {
                        frames.add(new JsonObject(partial.toString()));
                        partial.setLength(0);
                      }
                      ws.request(1);
                      return null;
                    }
                  })
              .join();
      JsonObject welcome = frames.poll(10, TimeUnit.SECONDS);
      assertThat(welcome).isNotNull();
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
              .post("/v1/devices/e2e-phone/messages")
              .then()
              .statusCode(202)
              .extract()
              .jsonPath()
              .getString("id");

      // then
      JsonObject message = frames.poll(10, TimeUnit.SECONDS);
      assertThat(message).isNotNull();
      assertThat(message.getString("type")).isEqualTo("message");
      assertThat(message.getString("id")).isEqualTo(id);
      assertThat(message.getJsonObject("payload").getInteger("volume")).isEqualTo(7);
      socket.sendText("{\"type\":\"ack\",\"id\":\"" + id + "\"}", true).join();
      socket.sendClose(1000, "done").join();
    }
  }
}
