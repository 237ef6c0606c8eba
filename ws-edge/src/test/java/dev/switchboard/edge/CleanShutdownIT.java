package dev.switchboard.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.testsupport.FreePorts;
import dev.switchboard.testsupport.PackagedApp;
import dev.switchboard.testsupport.PackagedAppLog;
import dev.switchboard.testsupport.RawWebSocket;
import dev.switchboard.testsupport.RedisServer;
import dev.switchboard.testsupport.UniquePrefix;
import dev.switchboard.testsupport.WsTestClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an operator reads in a packaged edge's log over a normal life: start, sockets (one client
 * vanishing without a close frame), SIGTERM. Nothing in it is a WARN or an ERROR: each such line
 * pages someone, and none of this is a fault. Quarkus's own graceful-shutdown wait used to end in
 * "Timed out waiting for graceful shutdown" (ERROR) once the edge had held a socket.
 */
class CleanShutdownIT {

  private static final String JAR =
      System.getProperty("edge.jar", "target/quarkus-app/quarkus-run.jar");
  private static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  void sigtermAfterHoldingSocketsLogsNoWarningOrError() throws Exception {
    Map<String, String> properties =
        Map.of(
            "quarkus.redis.hosts",
            redis.url(),
            "switchboard.key-prefix",
            UniquePrefix.next(),
            "switchboard.auth.secret",
            TestTokens.SECRET,
            "switchboard.edge.drain.window",
            "2s");
    try (PackagedApp edge = PackagedApp.start(JAR, "clean", FreePorts.any(), properties)) {
      edge.awaitReady(Duration.ofSeconds(60));

      // given: sockets held, and one client that vanished without a close frame
      List<WsTestClient> clients = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        WsTestClient c = WsTestClient.connect(edge.base(), TestTokens.forDevice("clean-" + i));
        c.next("welcome");
        clients.add(c);
      }
      RawWebSocket vanished =
          RawWebSocket.connect(
              edge.base(),
              "/v1/connect",
              Map.of("Authorization", "Bearer " + TestTokens.forDevice("vanished")));
      vanished.readText();
      vanished.close();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> metrics(edge).contains("switchboard_edge_connections_open 20.0"));

      // when
      int exit = edge.terminate(Duration.ofSeconds(30));

      // then
      String log = edge.output();
      assertThat(exit).as(log).isZero();
      assertThat(log).contains("drained 20 connections");
      assertThat(PackagedAppLog.normalLifeProblems(log)).as(log).isEmpty();
      clients.forEach(c -> assertThat(c.awaitClose().code()).isEqualTo(1001));
    }
  }

  private static String metrics(PackagedApp app) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(app.base().resolve("/q/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
