package dev.switchboard.edge.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.store.InstanceRegistry;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.testsupport.RawWebSocket;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SIGTERM's drain, driven directly (it is terminal, so it has an application of its own). */
@QuarkusTest
@TestProfile(DrainTest.Draining.class)
@WithTestResource(RedisTestResource.class)
class DrainTest {

  /** A separate application instance: after the drain it refuses everything. */
  public static class Draining implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("switchboard.edge.drain.window", "1500ms");
    }
  }

  @TestHTTPResource("/")
  URI base;

  @Inject Drainer drainer;
  @Inject EdgeSettings settings;
  @Inject PresenceStore store;
  @Inject InstanceRegistry registry;

  @Test
  @DisplayName(
      "P5: a drain spreads reconnect hints and 1001 closes over the window and releases everything")
  void drainClosesWith1001AndReleasesEverything() throws Exception {
    // given
    List<WsTestClient> clients = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      WsTestClient client = WsTestClient.connect(base, "", TestTokens.bearer("drain-" + i));
      client.connectionId();
      clients.add(client);
    }
    RestAssured.given().baseUri(base.toString()).get("/q/health/ready").then().statusCode(200);

    // when
    long started = System.nanoTime();
    var drain = drainer.drain(settings.edge().drain().window()).subscribeAsCompletionStage();

    // then: new upgrades are refused at once with 503 and Retry-After, readiness is DOWN
    try (RawWebSocket refused =
        RawWebSocket.connect(base, "/v1/connect", TestTokens.bearer("latecomer"))) {
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.headers()).containsKey("retry-after");
    }
    RestAssured.given().baseUri(base.toString()).get("/q/health/ready").then().statusCode(503);

    // and the shutdown hook's own drain call waits for the running drain (the shutdown delay can
    // end before the drain's last releases; Redis must still be there for them)
    drainer.drain(Duration.ZERO).await().atMost(Duration.ofSeconds(10));
    long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
    assertThat(registry.record(settings.inst()).await().atMost(Duration.ofSeconds(5)))
        .as("the drain, unregister included, is over when the shutdown hook's call returns")
        .isEmpty();
    drain.toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);

    // and every socket got a reconnect hint, then 1001, spread over the window
    for (WsTestClient client : clients) {
      JsonObject hint = client.next("reconnect");
      assertThat(hint.getLong("afterMs")).isBetween(0L, settings.reconnect().maxMs());
      assertThat(client.awaitClose().code()).isEqualTo(1001);
    }
    // at least most of the window: the shutdown hook's call waited rather than returning at once
    assertThat(tookMs).isBetween(700L, 15_000L);

    // and nothing of this instance is left in Redis
    for (int i = 0; i < 20; i++) {
      assertThat(store.entry("drain-" + i).await().atMost(Duration.ofSeconds(5))).isEmpty();
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> registry.record(settings.inst()).await().atMost(Duration.ofSeconds(5)).isEmpty());
    assertThat(registry.leasesOf(List.of(settings.inst())).await().atMost(Duration.ofSeconds(5)))
        .isEmpty();
  }
}
