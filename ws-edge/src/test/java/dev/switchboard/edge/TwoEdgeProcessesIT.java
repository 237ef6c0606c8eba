package dev.switchboard.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.testing.PresenceFixtures;
import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.testsupport.FreePorts;
import dev.switchboard.testsupport.PackagedApp;
import dev.switchboard.testsupport.RedisServer;
import dev.switchboard.testsupport.UniquePrefix;
import dev.switchboard.testsupport.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The packaged edge, twice, against one real Redis: takeover across processes (the kick travels
 * through the old owner's inbox), SIGTERM draining, and fail-fast on invalid configuration. In the
 * module's root package because it is about the application as a whole, not one of its packages.
 */
class TwoEdgeProcessesIT {

  private static final String JAR =
      System.getProperty("edge.jar", "target/quarkus-app/quarkus-run.jar");
  private static RedisServer redis;
  private static PresenceFixtures presence;
  private static Map<String, String> properties;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
    String prefix = UniquePrefix.next();
    presence = new PresenceFixtures(redis, new PresenceKeys(prefix));
    properties = new HashMap<>();
    properties.put("quarkus.redis.hosts", redis.url());
    properties.put("switchboard.key-prefix", prefix);
    properties.put("switchboard.auth.secret", TestTokens.SECRET);
    properties.put("switchboard.edge.drain.window", "2s");
    properties.put("switchboard.lease.heartbeat", "1s");
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  @DisplayName("P4: a takeover across two edge processes kicks the old socket with 4001")
  void takeoverAcrossTwoEdgeProcessesKicksTheOldSocketWith4001() throws Exception {
    try (PackagedApp a = PackagedApp.start(JAR, "a", FreePorts.any(), properties);
        PackagedApp b = PackagedApp.start(JAR, "b", FreePorts.any(), properties)) {
      a.awaitReady(Duration.ofSeconds(60));
      b.awaitReady(Duration.ofSeconds(60));

      // given
      WsTestClient onA = WsTestClient.connect(a.base(), TestTokens.forDevice("roamer"));
      String connA = onA.next("welcome").getString("connectionId");
      Optional<String> instA = presence.entryInst("roamer");

      // when
      WsTestClient onB = WsTestClient.connect(b.base(), TestTokens.forDevice("roamer"));
      String connB = onB.next("welcome").getString("connectionId");

      // then
      assertThat(onA.awaitClose().code()).isEqualTo(4001);
      assertThat(presence.entryConn("roamer")).contains(connB);
      assertThat(presence.entryInst("roamer")).isNotEqualTo(instA);
      assertThat(connA).isNotEqualTo(connB);
    }
  }

  @Test
  @DisplayName("P5: SIGTERM drains with 1001, releases everything and exits 0")
  void sigtermDrainsWith1001ReleasesEverythingAndExitsZero() throws Exception {
    try (PackagedApp edge = PackagedApp.start(JAR, "drain", FreePorts.any(), properties)) {
      edge.awaitReady(Duration.ofSeconds(60));

      // given
      List<WsTestClient> clients = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        WsTestClient c = WsTestClient.connect(edge.base(), TestTokens.forDevice("term-" + i));
        c.next("welcome");
        clients.add(c);
      }
      assertThat(presence.entryConn("term-0")).isPresent();
      String inst = presence.entryInst("term-0").orElseThrow();

      // when
      int exit = edge.terminate(Duration.ofSeconds(30));

      // then
      assertThat(exit).as(edge.output()).isZero();
      for (WsTestClient c : clients) {
        assertThat(c.next("reconnect").getLong("afterMs")).isNotNull();
        assertThat(c.awaitClose().code()).isEqualTo(1001);
      }
      for (int i = 0; i < 10; i++) {
        assertThat(presence.entryConn("term-" + i)).isEmpty();
      }
      // its own lease only: other tests here SIGKILL edges and leave theirs behind
      await().atMost(Duration.ofSeconds(5)).until(() -> !presence.hasLease(inst));
      assertThat(edge.output()).contains("drained 10 connections");
    }
  }

  @Test
  void invalidConfigurationFailsStartUpNamingTheKeys() throws Exception {
    // given
    Map<String, String> bad = new HashMap<>(properties);
    bad.put("switchboard.edge.heartbeat.interval", "30s");
    bad.put("switchboard.edge.heartbeat.timeout", "10s");
    bad.put("switchboard.edge.takeover.policy", "oldest");
    bad.remove("switchboard.auth.secret");
    bad.put("switchboard.auth.secret", "short");
    bad.put("switchboard.lease.heartbeat", "10s");

    // when
    try (PackagedApp edge = PackagedApp.start(JAR, "bad", FreePorts.any(), bad)) {
      boolean exited = edge.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);

      // then
      assertThat(exited).isTrue();
      assertThat(edge.process.exitValue()).isNotZero();
      assertThat(edge.output())
          .contains("Switchboard cannot start: 4 settings are invalid")
          .contains("switchboard.lease.heartbeat (PT10S) must be at most half")
          .contains("switchboard.edge.heartbeat.timeout")
          .contains("switchboard.edge.takeover.policy")
          .contains("switchboard.auth.secret must be at least 32 bytes")
          .doesNotContain("\tat ")
          .doesNotContain("Exception");
    }
  }

  @Test
  void heartbeatLongerThanTheHttpIdleTimeoutFailsStartUp() throws Exception {
    // given: a 3 min heartbeat timeout with the default 2 min HTTP idle timeout, which would cut
    // idle sockets without a close frame before the heartbeat judged them
    Map<String, String> bad = new HashMap<>(properties);
    bad.put("switchboard.edge.heartbeat.interval", "90s");
    bad.put("switchboard.edge.heartbeat.timeout", "3m");

    // when
    try (PackagedApp edge = PackagedApp.start(JAR, "idle", FreePorts.any(), bad)) {
      boolean exited = edge.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);

      // then
      assertThat(exited).isTrue();
      assertThat(edge.process.exitValue()).isNotZero();
      assertThat(edge.output())
          .contains("quarkus.http.idle-timeout (PT2M) must be longer than")
          .contains("switchboard.edge.heartbeat.timeout (PT3M)");
    }
  }
}
