package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.ClientState.Closed;
import dev.switchboard.client.ClientState.Connected;
import dev.switchboard.client.ClientState.ReconnectScheduled;
import dev.switchboard.testsupport.PackagedApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a connected client does against the packaged edge and presence-api: routed messages reach
 * the handler and are acknowledged, and an expired token is retried only with the app's consent.
 * The edge allows no token leeway, so a 3 s token ends the session 1008 within seconds.
 */
class ClientSessionIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern ACKED =
      Pattern.compile("(?m)^switchboard_edge_messages_acked_total(?:\\{[^}]*\\})? ([0-9.]+)$");
  private static EdgeRig rig;
  private static PackagedApp edge;
  private static PackagedApp api;
  private final List<SwitchboardClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    rig = new EdgeRig();
    edge = rig.startEdge("session", Map.of("switchboard.auth.leeway", "0s"));
    api = rig.startApi();
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
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
  void routedMessagesReachTheHandlerInOrderAndAreAcknowledgedById() throws Exception {
    // given
    List<Message> received = new CopyOnWriteArrayList<>();
    SwitchboardClient client =
        SwitchboardClient.builder(EdgeRig.connectUri(edge.port), "inbox-1")
            .token(new Hs256Tokens("inbox-1", 3_600)::next)
            .onMessage(received::add)
            .build();
    clients.add(client);
    client.connect();
    await().atMost(WAIT).until(() -> client.state() instanceof Connected);
    double ackedBefore = acked();

    // when
    for (int i = 1; i <= 3; i++) {
      HttpResponse<String> routed = route("inbox-1", "{\"n\":" + i + "}");
      assertThat(routed.statusCode()).as(routed.body()).isEqualTo(202);
    }

    // then
    await().atMost(WAIT).until(() -> received.size() == 3);
    assertThat(received).extracting(m -> m.payload().get("n").asInt()).containsExactly(1, 2, 3);
    assertThat(received).noneMatch(Message::durable);
    await().atMost(WAIT).until(() -> acked() >= ackedBefore + 3);
  }

  @Test
  void durableMessagesReachTheHandlerOnceInSeqOrderAndAreAckedToTheOutbox() throws Exception {
    // given: three durable messages stored while the device is offline
    for (int i = 1; i <= 3; i++) {
      HttpResponse<String> stored = store("durable-1", "{\"n\":" + i + "}");
      assertThat(stored.statusCode()).as(stored.body()).isEqualTo(202);
    }
    List<Message> received = new CopyOnWriteArrayList<>();
    SwitchboardClient client =
        SwitchboardClient.builder(EdgeRig.connectUri(edge.port), "durable-1")
            .token(new Hs256Tokens("durable-1", 3_600)::next)
            .onMessage(received::add)
            .build();
    clients.add(client);

    // when
    client.connect();

    // then: delivered once, in order, as durable messages, and acknowledged (the outbox says so)
    await().atMost(WAIT).until(() -> received.size() >= 3);
    assertThat(received).extracting(m -> m.payload().get("n").asInt()).containsExactly(1, 2, 3);
    assertThat(received).allMatch(Message::durable);
    String lastId = received.get(2).id();
    await()
        .atMost(WAIT)
        .until(
            () ->
                HTTP.send(
                        HttpRequest.newBuilder(
                                api.base().resolve("/v1/devices/durable-1/messages/" + lastId))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body()
                    .contains("\"acked\""));
  }

  @Test
  void anExpiredTokenIsRetriedWithAFreshTokenOnlyWithTheAppsConsent() {
    // given: two devices whose tokens live 3 s; only one app consents to a retry
    StateLog refusing = new StateLog();
    StateLog consenting = new StateLog();
    Hs256Tokens refusingTokens = new Hs256Tokens("expiring-1", 3);
    Hs256Tokens consentingTokens = new Hs256Tokens("expiring-2", 3);
    SwitchboardClient stays = client("expiring-1", refusingTokens, refusing, RetryConsent.NEVER);
    SwitchboardClient retries =
        client("expiring-2", consentingTokens, consenting, RetryConsent.ON_TOKEN_EXPIRED);

    // when
    stays.connect();
    retries.connect();

    // then
    refusing.awaitState(Closed.class, c -> c.code() == 1008, WAIT);
    assertThat(refusing.all(Closed.class))
        .as(refusing.toString())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.isFinal()).isTrue();
              assertThat(c.reason()).contains("token expired").contains("consent");
            });
    assertThat(refusing.all(ReconnectScheduled.class)).isEmpty();
    consenting.awaitState(
        ReconnectScheduled.class, r -> r.cause().reason().startsWith("token expired"), WAIT);
    consenting.awaitCount(Connected.class, 2, WAIT);
    assertThat(consentingTokens.issued()).isGreaterThanOrEqualTo(2);
    assertThat(refusingTokens.issued()).isEqualTo(1);
  }

  @Test
  void aReconnectGoesToTheNextEndpointSoADeadEdgeIsPassedBy() throws Exception {
    // given: the first endpoint is a port nobody listens on, the fallback is the live edge
    StateLog states = new StateLog();
    URI dead = EdgeRig.connectUri(dev.switchboard.testsupport.FreePorts.any());
    SwitchboardClient client =
        SwitchboardClient.builder(dead, "fallback-1")
            .fallbackEndpoints(List.of(EdgeRig.connectUri(edge.port)))
            .token(new Hs256Tokens("fallback-1", 3_600)::next)
            .reconnectBeforeWelcome(Duration.ofMillis(50), Duration.ofMillis(200))
            .onStateChange(states)
            .build();
    clients.add(client);

    // when
    client.connect();

    // then: one failed attempt on the dead port, then welcomed by the live edge
    states.awaitCount(Connected.class, 1, WAIT);
    assertThat(states.all(ReconnectScheduled.class)).hasSize(1);
  }

  private SwitchboardClient client(
      String device, Hs256Tokens tokens, StateLog log, RetryConsent consent) {
    SwitchboardClient client =
        SwitchboardClient.builder(EdgeRig.connectUri(edge.port), device)
            .token(tokens::next)
            .retryPolicyCloses(consent)
            .onStateChange(log)
            .build();
    clients.add(client);
    return client;
  }

  /** An at-most-once message (the pub/sub path, acked by id). */
  private static HttpResponse<String> route(String device, String json) throws Exception {
    return post(device, "?delivery=at-most-once", json);
  }

  /** A durable message (the outbox, the API's default). */
  private static HttpResponse<String> store(String device, String json) throws Exception {
    return post(device, "", json);
  }

  private static HttpResponse<String> post(String device, String query, String json)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(api.base().resolve("/v1/devices/" + device + "/messages" + query))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static double acked() throws Exception {
    String metrics =
        HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port + "/q/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = ACKED.matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
