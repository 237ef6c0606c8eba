package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.store.SweeperReports;
import dev.switchboard.testsupport.PrometheusExposition;
import dev.switchboard.testsupport.PrometheusExposition.Family;
import dev.switchboard.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A fresh presence-api as Prometheus scrapes it: every Switchboard meter exists at 0, each with a
 * description, named by the conventions; the sweeper's stored reports show as {@code
 * switchboard_sweeper_*} gauges, so a CronJob sweeper is watched too.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@TestProfile(MetricsExpositionTest.Fresh.class)
class MetricsExpositionTest {

  /** Its own profile: a fresh application, not one other tests have sent requests to. */
  public static class Fresh implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("switchboard.api.max-lookup", "999");
    }
  }

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Inject SweeperReports reports;
  @Inject SweeperRunMetrics sweeperRuns;

  private static Map<String, Family> scrape() {
    String text = RestAssured.get("/q/metrics").asString();
    assertThat(PrometheusExposition.problems(text, "switchboard_")).isEmpty();
    return PrometheusExposition.parse(text);
  }

  @Test
  void freshApiExposesEverySeriesAtZeroWithHelp() {
    // when
    Map<String, Family> families = scrape();

    // then
    for (String outcome : new String[] {"online", "stale", "offline"}) {
      assertThat(families.get("switchboard_api_lookups").value("{outcome=\"" + outcome + "\"}"))
          .isZero();
    }
    for (String outcome : new String[] {"routed", "offline", "no_subscriber"}) {
      assertThat(
              families
                  .get("switchboard_api_messages_routed")
                  .value("{outcome=\"" + outcome + "\"}"))
          .isZero();
    }
    assertThat(families.get("switchboard_api_sse_clients").value("")).isZero();
    for (String family :
        new String[] {
          "switchboard_api_delivery_stored",
          "switchboard_api_delivery_duplicates",
          "switchboard_api_delivery_expired",
          "switchboard_api_delivery_unreplicated"
        }) {
      assertThat(families.get(family)).as(family).isNotNull();
      assertThat(families.get(family).value("")).as(family).isZero();
    }
    for (String cap : new String[] {"count", "bytes"}) {
      assertThat(families.get("switchboard_api_delivery_full").value("{cap=\"" + cap + "\"}"))
          .isZero();
    }
    for (String outcome : new String[] {"sent", "no_subscriber", "failed"}) {
      assertThat(
              families.get("switchboard_api_delivery_wakes").value("{outcome=\"" + outcome + "\"}"))
          .isZero();
    }
    assertThat(
            families.get("switchboard_api_requests").value("{key=\"reader\",outcome=\"allowed\"}"))
        .isZero();
    assertThat(
            families
                .get("switchboard_api_requests")
                .value("{key=\"none\",outcome=\"unauthenticated\"}"))
        .isZero();
    assertThat(families.keySet())
        .contains(
            "switchboard_sweeper_last_run_timestamp_seconds",
            "switchboard_sweeper_last_run_duration_seconds",
            "switchboard_sweeper_last_run_aborted",
            "switchboard_sweeper_last_run_removed",
            "switchboard_sweeper_last_success_timestamp_seconds");
  }

  @Test
  void theSweepersStoredReportsShowAsGauges() {
    // given: a good run, then one that aborted
    reports
        .store(
            "{\"ok\":true,\"startedMs\":1700000000000,\"durationMs\":1500,\"entriesSwept\":42}",
            true)
        .await()
        .atMost(WAIT);
    reports
        .store(
            "{\"ok\":false,\"startedMs\":1700000060000,\"durationMs\":500,\"entriesSwept\":0}",
            false)
        .await()
        .atMost(WAIT);

    // when
    sweeperRuns.refresh();

    // then
    await()
        .atMost(WAIT)
        .until(() -> sweeperRuns.figures().lastRunTimestampSeconds() == 1700000060.5);
    Map<String, Family> families = scrape();
    assertThat(families.get("switchboard_sweeper_last_run_timestamp_seconds").value(""))
        .isEqualTo(1.7000000605E9);
    assertThat(families.get("switchboard_sweeper_last_run_aborted").value("")).isEqualTo(1.0);
    assertThat(families.get("switchboard_sweeper_last_run_removed").value("")).isZero();
    assertThat(families.get("switchboard_sweeper_last_run_duration_seconds").value(""))
        .isEqualTo(0.5);
    assertThat(families.get("switchboard_sweeper_last_success_timestamp_seconds").value(""))
        .isEqualTo(1.7000000015E9);
  }
}
