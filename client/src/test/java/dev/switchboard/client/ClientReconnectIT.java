package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.ClientState.Closed;
import dev.switchboard.client.ClientState.Connected;
import dev.switchboard.client.ClientState.Connecting;
import dev.switchboard.client.ClientState.ReconnectScheduled;
import dev.switchboard.client.policy.Ending;
import dev.switchboard.client.policy.ReconnectPolicy;
import dev.switchboard.testsupport.PackagedApp;
import dev.switchboard.testsupport.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Reconnects against the packaged edge behind a TCP proxy: connections reset under the client while
 * the port refuses newcomers, a SIGTERM drain and a new edge process on the same port, and a frozen
 * path (the proxy forwards nothing while every socket stays open).
 */
class ClientReconnectIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ReconnectPolicy ANNOUNCED =
      new ReconnectPolicy(EdgeRig.BASE_MS, EdgeRig.MAX_MS);

  private EdgeRig rig;
  private PackagedApp edge;
  private TcpProxy proxy;
  private SwitchboardClient client;

  @BeforeEach
  void start() throws Exception {
    rig = new EdgeRig();
    edge = rig.startEdge("reconnect", Map.of());
    proxy = TcpProxy.to("127.0.0.1", edge.port);
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (edge != null) {
      edge.close();
    }
    rig.close();
  }

  @Test
  @DisplayName(
      "P5: every reconnect waits a full-jitter delay within the bounds the welcome announced, and"
          + " the client comes back")
  void clientReconnectsWithJitterWithinTheAnnouncedBounds() throws Exception {
    // given
    StateLog log = new StateLog();
    Hs256Tokens tokens = new Hs256Tokens("jitter-1", 3_600);
    client = client("jitter-1", tokens, log);
    client.connect();
    log.awaitCount(Connected.class, 1, WAIT);

    // when: three times, the server side resets the socket and refuses newcomers for a while
    for (int round = 1; round <= 3; round++) {
      await().pollDelay(Duration.ofMillis(1_200)).until(() -> true); // stays up: attempt resets
      long before = log.count(ReconnectScheduled.class);
      proxy.refuseNew(true);
      proxy.dropAll();
      log.awaitCount(ReconnectScheduled.class, before + 4, WAIT);
      proxy.refuseNew(false);
      log.awaitCount(Connected.class, round + 1, WAIT);
    }
    // and then the edge drains (SIGTERM) and a new edge process takes its port
    await().pollDelay(Duration.ofMillis(1_200)).until(() -> true);
    int port = edge.port;
    assertThat(edge.terminate(Duration.ofSeconds(30))).isZero();
    edge = rig.startEdge("reconnect-2", port, Map.of());
    log.awaitCount(Connected.class, 5, Duration.ofSeconds(60));

    // then
    List<Connected> welcomes = log.all(Connected.class);
    assertThat(welcomes).allSatisfy(c -> assertThat(c.welcome().reconnect()).contains(ANNOUNCED));
    assertThat(welcomes.stream().map(c -> c.welcome().connectionId()).distinct()).hasSize(5);
    List<ReconnectScheduled> scheduled = log.all(ReconnectScheduled.class);
    assertThat(scheduled)
        .as(log.toString())
        .allSatisfy(
            r -> {
              long least = hintOf(r.cause());
              long cap = ANNOUNCED.capForAttempt(r.attempt());
              assertThat(r.delayMs()).isBetween(least, Math.max(least, cap));
            });
    assertThat(scheduled.stream().mapToInt(ReconnectScheduled::attempt).max().orElse(0))
        .as("the back-off grew to its cap")
        .isGreaterThanOrEqualTo(3);
    assertThat(scheduled.stream().map(ReconnectScheduled::delayMs).distinct().count())
        .as("delays are jittered")
        .isGreaterThan(3);
    assertThat(scheduled)
        .filteredOn(r -> r.cause() instanceof Ending.Closed c && c.code() == 1001)
        .as("the drain closed the socket with 1001")
        .hasSize(1);
    assertThat(firstScheduledAfterEachConnected(log))
        .as("a connection that stayed up resets the attempt")
        .allMatch(r -> r.attempt() == 0);
    assertThat(tokens.issued()).isEqualTo((int) log.count(Connecting.class));
    assertThat(log.all(Closed.class)).noneMatch(Closed::isFinal);
  }

  @Test
  @DisplayName(
      "P1: a silent server (frozen path) is given up after 2 × heartbeatMs; the client comes back"
          + " through the thawed proxy with a fresh token")
  void deadServerIsDetectedAndTheClientReconnectsWithAFreshToken() throws Exception {
    // given
    StateLog log = new StateLog();
    Hs256Tokens tokens = new Hs256Tokens("frozen-1", 3_600);
    client = client("frozen-1", tokens, log);
    client.connect();
    StateLog.Entry first = log.awaitState(Connected.class, c -> true, WAIT);
    String firstConn = ((Connected) first.state()).welcome().connectionId();
    long heartbeatMs = ((Connected) first.state()).welcome().heartbeatMs();

    // when: the path to the edge freezes, then thaws
    proxy.freeze();
    StateLog.Entry gaveUp =
        log.awaitState(
            ReconnectScheduled.class, r -> r.cause() instanceof Ending.ServerSilent, WAIT);
    log.awaitCount(ReconnectScheduled.class, 3, WAIT); // attempts time out while still frozen
    proxy.thaw();

    // then
    StateLog.Entry back =
        log.awaitState(Connected.class, c -> !c.welcome().connectionId().equals(firstConn), WAIT);
    Ending.ServerSilent silent =
        (Ending.ServerSilent) ((ReconnectScheduled) gaveUp.state()).cause();
    assertThat(silent.silentMs()).isGreaterThanOrEqualTo(2 * heartbeatMs);
    assertThat(back.atMs()).isGreaterThan(gaveUp.atMs());
    assertThat(tokens.issued())
        .as("the token supplier is asked on every connect")
        .isEqualTo((int) log.count(Connecting.class))
        .isGreaterThanOrEqualTo(2);
    assertThat(log.all(ReconnectScheduled.class))
        .as(log.toString())
        .anyMatch(r -> r.cause().reason().contains("timed out"));
  }

  private SwitchboardClient client(String device, Hs256Tokens tokens, StateLog log) {
    return SwitchboardClient.builder(URI.create("ws://127.0.0.1:" + proxy.port()), device)
        .token(tokens::next)
        .connectTimeout(Duration.ofSeconds(1))
        .onStateChange(log)
        .build();
  }

  private static long hintOf(Ending cause) {
    return cause instanceof Ending.Refused refused ? refused.retryAfterMs().orElse(0) : 0;
  }

  private static List<ReconnectScheduled> firstScheduledAfterEachConnected(StateLog log) {
    List<StateLog.Entry> entries = log.entries();
    java.util.ArrayList<ReconnectScheduled> firsts = new java.util.ArrayList<>();
    Optional<StateLog.Entry> pending = Optional.empty();
    for (StateLog.Entry e : entries) {
      if (e.state() instanceof Connected) {
        pending = Optional.of(e);
      } else if (e.state() instanceof ReconnectScheduled r && pending.isPresent()) {
        firsts.add(r);
        pending = Optional.empty();
      }
    }
    return firsts;
  }
}
