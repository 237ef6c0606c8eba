package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.ClientState.Closed;
import dev.switchboard.client.ClientState.Connected;
import dev.switchboard.client.ClientState.Connecting;
import dev.switchboard.client.ClientState.ReconnectScheduled;
import dev.switchboard.client.policy.RetryHints;
import dev.switchboard.testsupport.PackagedApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The close-code table against the packaged edge: a replaced client stays closed, a flapping one
 * waits the time the edge names. The edge allows 2 takeovers per 8 s window.
 */
class ClientCloseCodesIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static EdgeRig rig;
  private static PackagedApp edge;
  private final List<SwitchboardClient> clients = new ArrayList<>();

  @BeforeAll
  static void startEdge() throws Exception {
    rig = new EdgeRig();
    edge =
        rig.startEdge(
            "close-codes",
            Map.of("switchboard.edge.takeover.max", "2", "switchboard.edge.takeover.window", "8s"));
  }

  @AfterAll
  static void stopEdge() {
    if (edge != null) {
      edge.close();
    }
    rig.close();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(SwitchboardClient::close);
  }

  @Test
  @DisplayName(
      "P4: after 4001 a client never reconnects on its own; after 4429 it waits at least the"
          + " hinted time")
  void clientNeverReconnectsAfter4001AndBacksOffOn4429() throws Exception {
    // given: a device connected through the library
    StateLog first = new StateLog();
    connected(client("twin", first));

    // when: the same device connects a second time with another client
    StateLog second = new StateLog();
    connected(client("twin", second));

    // then: the first gets 4001, a final close, and never tries again
    first.awaitState(Closed.class, c -> c.code() == 4001, WAIT);
    assertThat(first.all(Closed.class)).singleElement().matches(Closed::isFinal, "final");
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(3))
        .until(() -> first.count(Connecting.class) == 1);
    assertThat(first.count(ReconnectScheduled.class)).as(first.toString()).isZero();
    assertThat(second.all(Closed.class)).as(second.toString()).isEmpty();

    // given: another device taken over twice within the window (the edge's limit)
    for (int i = 0; i < 3; i++) {
      StateLog log = new StateLog();
      connected(client("flappy", log));
    }

    // when: a fourth instance of it connects
    StateLog fourth = new StateLog();
    client("flappy", fourth).connect();

    // then: it is refused with 4429 and its next attempt comes no sooner than the hint says
    StateLog.Entry refused = fourth.awaitState(Closed.class, c -> c.code() == 4429, WAIT);
    Closed close = (Closed) refused.state();
    long hintMs = RetryHints.fromReason(close.reason()).orElseThrow();
    assertThat(close.isFinal()).isFalse();
    assertThat(hintMs).isBetween(1L, 8_000L);
    ReconnectScheduled scheduled = fourth.all(ReconnectScheduled.class).get(0);
    assertThat(scheduled.delayMs()).isGreaterThanOrEqualTo(hintMs);
    fourth.awaitState(Connected.class, c -> true, WAIT);
    StateLog.Entry retried =
        fourth.entries().stream()
            .filter(e -> e.state() instanceof Connecting && e.atMs() >= refused.atMs())
            .findFirst()
            .orElseThrow();
    assertThat(retried.atMs() - refused.atMs())
        .as(fourth.toString())
        .isGreaterThanOrEqualTo(hintMs);
  }

  private SwitchboardClient client(String device, StateLog log) {
    Hs256Tokens tokens = new Hs256Tokens(device, 3_600);
    SwitchboardClient client =
        SwitchboardClient.builder(EdgeRig.connectUri(edge.port), device)
            .token(tokens::next)
            .reconnectBeforeWelcome(
                Duration.ofMillis(EdgeRig.BASE_MS), Duration.ofMillis(EdgeRig.MAX_MS))
            .onStateChange(log)
            .build();
    clients.add(client);
    return client;
  }

  private static void connected(SwitchboardClient client) {
    client.connect();
    await().atMost(WAIT).until(() -> client.state() instanceof Connected);
  }
}
