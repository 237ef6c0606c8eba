package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sweeper report store against a real redis-server. */
class SweeperReportsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static RedisServer server;

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  @Test
  void noReportBeforeTheFirstRun() {
    try (StoreFixture f = new StoreFixture(server)) {
      // given
      SweeperReports reports = new SweeperReports(f.runner, f.keys);

      // when
      var last = reports.last().await().atMost(WAIT);

      // then
      assertThat(last).isEmpty();
    }
  }

  @Test
  void theLastStoredReportIsReadBackAsStored() {
    try (StoreFixture f = new StoreFixture(server)) {
      // given
      SweeperReports reports = new SweeperReports(f.runner, f.keys);
      reports.store("{\"ok\":true,\"expired\":1}", true).await().atMost(WAIT);

      // when
      reports.store("{\"ok\":false,\"error\":\"sweep: x\"}", false).await().atMost(WAIT);

      // then
      assertThat(reports.last().await().atMost(WAIT))
          .contains("{\"ok\":false,\"error\":\"sweep: x\"}");
      assertThat(server.call("GET", f.keys.sweeperReport()).toString())
          .isEqualTo("{\"ok\":false,\"error\":\"sweep: x\"}");
    }
  }

  @Test
  void theLastSuccessfulRunOutlivesAnAbortedOne() {
    try (StoreFixture f = new StoreFixture(server)) {
      // given
      SweeperReports reports = new SweeperReports(f.runner, f.keys);
      reports.store("{\"ok\":true,\"n\":1}", true).await().atMost(WAIT);

      // when
      reports.store("{\"ok\":false,\"n\":2}", false).await().atMost(WAIT);

      // then
      SweeperReports.Runs runs = reports.runs().await().atMost(WAIT);
      assertThat(runs.last()).contains("{\"ok\":false,\"n\":2}");
      assertThat(runs.lastOk()).contains("{\"ok\":true,\"n\":1}");
    }
  }

  @Test
  void noRunsBeforeTheFirst() {
    try (StoreFixture f = new StoreFixture(server)) {
      // when
      SweeperReports.Runs runs = new SweeperReports(f.runner, f.keys).runs().await().atMost(WAIT);

      // then
      assertThat(runs.last()).isEmpty();
      assertThat(runs.lastOk()).isEmpty();
    }
  }
}
