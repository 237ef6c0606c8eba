package dev.switchboard.sweeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.FreePorts;
import dev.switchboard.testsupport.PackagedApp;
import dev.switchboard.testsupport.PackagedAppLog;
import dev.switchboard.testsupport.PrometheusExposition;
import dev.switchboard.testsupport.PrometheusExposition.Family;
import dev.switchboard.testsupport.RedisServer;
import dev.switchboard.testsupport.UniquePrefix;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packaged sweeper as operators run it: what its log says at start, in use and at stop. */
class PackagedSweeperIT {

  private static final String JAR =
      System.getProperty("sweeper.jar", "target/quarkus-app/quarkus-run.jar");
  private static RedisServer redis;
  private static Map<String, String> properties;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
    properties = new HashMap<>();
    properties.put("quarkus.redis.hosts", redis.url());
    properties.put("switchboard.key-prefix", UniquePrefix.next());
    properties.put("switchboard.sweeper.kubernetes.enabled", "false");
    properties.put("switchboard.sweeper.mode", "loop");
    properties.put("switchboard.sweeper.interval", "1s");
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  void aLoopThatSweepsAndStopsLogsNoWarningOrErrorAndEveryLineCarriesInst() throws Exception {
    try (PackagedApp sweeper = PackagedApp.start(JAR, "loop", FreePorts.any(), properties)) {
      sweeper.awaitReady(Duration.ofSeconds(60));

      // given: a few sweeps
      Thread.sleep(2_500);

      // when
      sweeper.terminate(Duration.ofSeconds(30));

      // then
      String log = sweeper.output();
      assertThat(PackagedAppLog.normalLifeProblems(log)).as(log).isEmpty();
    }
  }

  @Test
  void theLoopExposesEverySweeperMeterWithHelpFromItsStart() throws Exception {
    try (PackagedApp sweeper = PackagedApp.start(JAR, "metrics", FreePorts.any(), properties)) {
      sweeper.awaitReady(Duration.ofSeconds(60));

      // when
      String scrape =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(sweeper.base().resolve("/q/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();

      // then
      Map<String, Family> families = PrometheusExposition.parse(scrape);
      assertThat(PrometheusExposition.problems(scrape, "switchboard_")).isEmpty();
      assertThat(families.keySet())
          .contains(
              "switchboard_sweeper_runs",
              "switchboard_sweeper_aborts",
              "switchboard_sweeper_api_errors",
              "switchboard_sweeper_entries_swept",
              "switchboard_sweeper_verdicts",
              "switchboard_sweeper_last_success_timestamp_seconds");
      assertThat(families.get("switchboard_sweeper_runs").value("{result=\"aborted\"}")).isZero();
      for (String source : new String[] {"kubernetes_api", "pod_selector", "sweep"}) {
        assertThat(families.get("switchboard_sweeper_aborts").value("{source=\"" + source + "\"}"))
            .isZero();
      }
      assertThat(families.get("switchboard_sweeper_verdicts").samples()).hasSize(4);
    }
  }

  @Test
  void twoBadKeysFailStartUpInOneShortBlockNamingBoth() throws Exception {
    // given: one bad shared key and one bad sweeper key
    Map<String, String> bad = new HashMap<>(properties);
    bad.put("switchboard.lease.heartbeat", "10s");
    bad.put("switchboard.sweeper.batch-size", "0");

    // when
    try (PackagedApp sweeper = PackagedApp.start(JAR, "bad", FreePorts.any(), bad)) {
      List<String> problems =
          PackagedAppLog.refusedStartProblems(
              sweeper,
              Duration.ofSeconds(60),
              "Switchboard cannot start: 2 settings are invalid",
              "  - switchboard.lease.heartbeat (PT10S) must be at most half of",
              "  - switchboard.sweeper.batch-size must be 1 to 10000, got 0");

      // then
      assertThat(problems).as(sweeper.output()).isEmpty();
    }
  }
}
