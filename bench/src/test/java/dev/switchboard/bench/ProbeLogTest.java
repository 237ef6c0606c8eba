package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProbeLogTest {

  private static final long MS = 1_000_000L;

  @Test
  void aProbeSplitsIntoTheWaitBeforeItsFirstLookupAndItsSlowestLookup() {
    // given
    ProbeLog log = new ProbeLog();
    int first = log.started();
    int second = log.started();

    // when: welcomed at 0, issued at 2 ms, visible at 12 ms after one lookup; the other needed 3
    log.finished(new ProbeLog.Probe(0, 2 * MS, 12 * MS, 1, 10 * MS, first, true));
    log.finished(new ProbeLog.Probe(5 * MS, 5 * MS, 45 * MS, 3, 30 * MS, second, true));
    ProbeLog.Summary summary = log.summary();

    // then
    assertThat(first).isZero();
    assertThat(second).isEqualTo(1);
    assertThat(summary.visible().count()).isEqualTo(2);
    assertThat(summary.visible().p50()).isEqualTo(12.0);
    assertThat(summary.visible().max()).isEqualTo(40.0);
    assertThat(summary.waitBeforeIssue().max()).isEqualTo(2.0);
    assertThat(summary.slowestLookup().max()).isEqualTo(30.0);
    assertThat(summary.retried()).isEqualTo(1);
    assertThat(summary.maxLookups()).isEqualTo(3);
    assertThat(summary.maxInFlight()).isEqualTo(2);
    assertThat(summary.neverVisible()).isZero();
  }

  @Test
  void aProbeThatGaveUpCountsAsNeverVisibleAndAsAnInfiniteSample() {
    // given
    ProbeLog log = new ProbeLog();
    log.started();

    // when
    log.finished(new ProbeLog.Probe(0, 0, 10_001 * MS, 900, 50 * MS, 0, false));

    // then
    ProbeLog.Summary summary = log.summary();
    assertThat(summary.neverVisible()).isEqualTo(1);
    assertThat(summary.visible().max()).isInfinite();
  }

  @Test
  void lookupsThatDidNotFindTheDeviceAreCountedByReasonAndTimelinesComeInWelcomeOrder() {
    // given
    ProbeLog log = new ProbeLog();
    log.started();
    log.started();

    // when
    log.notOnline("200 stale");
    log.notOnline("200 stale");
    log.notOnline("404 offline");
    log.failed(new java.util.concurrent.CompletionException(new java.io.IOException("reset")));
    log.finished(new ProbeLog.Probe(9 * MS, 9 * MS, 19 * MS, 1, 10 * MS, 1, true));
    log.finished(new ProbeLog.Probe(2 * MS, 3 * MS, 7 * MS, 4, 2 * MS, 0, true));

    // then
    ProbeLog.Summary summary = log.summary();
    assertThat(summary.lookupsNotOnline())
        .containsEntry("200 stale", 2)
        .containsEntry("404 offline", 1);
    assertThat(summary.lookupFailures()).containsEntry("IOException: reset", 1);
    assertThat(log.csv(0).lines())
        .containsExactly(
            "welcomedMs,waitBeforeFirstLookupMs,totalMs,lookups,slowestLookupMs,inFlightAtIssue,visible",
            "2.0,1.0,5.0,4,2.0,0,true",
            "9.0,0.0,10.0,1,10.0,1,true");
  }

  @Test
  void histogramBucketsOfOneRouteAreSummedOverStatusAndDifferencedBetweenScrapes() {
    // given: two scrapes; the route's uri label holds braces, another route must not count
    String before =
        """
        http_server_requests_seconds_bucket{method="GET",outcome="SUCCESS",status="200",uri="/v1/presence/{device}",le="0.001"} 1.0
        http_server_requests_seconds_bucket{method="GET",outcome="SUCCESS",status="200",uri="/v1/presence/{device}",le="0.01"} 2.0
        http_server_requests_seconds_bucket{method="GET",outcome="SUCCESS",status="200",uri="/v1/presence/{device}",le="+Inf"} 2.0
        http_server_requests_seconds_bucket{method="GET",outcome="SUCCESS",status="200",uri="/q/metrics",le="+Inf"} 7.0
        """;
    String after =
        """
        http_server_requests_seconds_bucket{method="GET",outcome="SUCCESS",status="200",uri="/v1/presence/{device}",le="0.001"} 51.0
        http_server_requests_seconds_bucket{method="GET",outcome="SUCCESS",status="200",uri="/v1/presence/{device}",le="0.01"} 98.0
        http_server_requests_seconds_bucket{method="GET",outcome="SUCCESS",status="200",uri="/v1/presence/{device}",le="+Inf"} 100.0
        http_server_requests_seconds_bucket{method="GET",outcome="CLIENT_ERROR",status="404",uri="/v1/presence/{device}",le="0.001"} 0.0
        http_server_requests_seconds_bucket{method="GET",outcome="CLIENT_ERROR",status="404",uri="/v1/presence/{device}",le="0.01"} 0.0
        http_server_requests_seconds_bucket{method="GET",outcome="CLIENT_ERROR",status="404",uri="/v1/presence/{device}",le="+Inf"} 2.0
        http_server_requests_seconds_bucket{method="GET",outcome="SUCCESS",status="200",uri="/q/metrics",le="+Inf"} 9.0
        """;
    String metric = "http_server_requests_seconds";

    // when
    TreeMap<Double, Long> delta =
        PrometheusText.minus(
            PrometheusText.buckets(after, metric, "uri", "/v1/presence/{device}"),
            PrometheusText.buckets(before, metric, "uri", "/v1/presence/{device}"));

    // then: 100 lookups in between, 50 under 1 ms, 96 under 10 ms
    assertThat(delta.lastEntry().getValue()).isEqualTo(100L);
    assertThat(delta.get(0.001)).isEqualTo(50L);
    assertThat(PrometheusText.quantileUpperBound(delta, 0.50)).isEqualTo(0.001);
    assertThat(PrometheusText.quantileUpperBound(delta, 0.96)).isEqualTo(0.01);
    assertThat(PrometheusText.quantileUpperBound(delta, 0.99)).isInfinite();
    assertThat(PrometheusText.quantileUpperBound(new TreeMap<>(), 0.99)).isNaN();
  }
}
