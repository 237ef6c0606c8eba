package dev.switchboard.edge.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.PrometheusExposition;
import dev.switchboard.testsupport.PrometheusExposition.Family;
import dev.switchboard.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A fresh edge, before its first connect, as Prometheus scrapes it: every Switchboard meter exists
 * at 0 (dashboards show 0, not "no data"), each with a description, named by the conventions.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@TestProfile(MetricsExpositionTest.Fresh.class)
class MetricsExpositionTest {

  /** Its own profile: a fresh application, not one other tests have connected to. */
  public static class Fresh implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("switchboard.edge.version", "metrics-test");
    }
  }

  @TestHTTPResource("/")
  URI base;

  @Test
  @DisplayName("a fresh edge exposes every switchboard_edge_* series at 0, each with # HELP")
  void freshEdgeExposesEverySeriesAtZeroWithHelp() {
    // when
    String scrape = RestAssured.given().baseUri(base.toString()).get("/q/metrics").asString();

    // then
    Map<String, Family> families = PrometheusExposition.parse(scrape);
    assertThat(PrometheusExposition.problems(scrape, "switchboard_")).isEmpty();
    assertThat(families.keySet())
        .contains(
            "switchboard_edge_connections_open",
            "switchboard_edge_claims_pending",
            "switchboard_edge_connects",
            "switchboard_edge_disconnects",
            "switchboard_edge_pings_sent",
            "switchboard_edge_heartbeat_timeouts",
            "switchboard_edge_takeovers",
            "switchboard_edge_flaps_refused",
            "switchboard_edge_redis_errors",
            "switchboard_edge_slow_consumers",
            "switchboard_edge_ghosts_repaired",
            "switchboard_edge_orphans_repaired",
            "switchboard_edge_messages_acked",
            "switchboard_edge_messages_routed",
            "switchboard_edge_stalls",
            "switchboard_edge_delivery_sent",
            "switchboard_edge_delivery_redelivered",
            "switchboard_edge_delivery_acked",
            "switchboard_edge_delivery_expired",
            "switchboard_edge_delivery_acks_refused",
            "switchboard_edge_delivery_bad_acks",
            "switchboard_edge_claim_latency_seconds",
            "switchboard_edge_drain_duration_seconds");
    Family connects = families.get("switchboard_edge_connects");
    for (ConnectResult result : ConnectResult.values()) {
      assertThat(connects.value("{result=\"" + result.tag() + "\"}")).as(result.tag()).isZero();
    }
    Family disconnects = families.get("switchboard_edge_disconnects");
    for (String reason : new String[] {"too_large", "protocol_error", "client_closed"}) {
      assertThat(disconnects.value("{reason=\"" + reason + "\"}")).as(reason).isZero();
    }
    assertThat(families.get("switchboard_edge_delivery_sent").value("")).isZero();
    assertThat(families.get("switchboard_edge_connections_open").value("")).isZero();
  }
}
