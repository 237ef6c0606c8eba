package dev.switchboard.edge.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.testsupport.RawWebSocket;
import dev.switchboard.testsupport.RawWebSocket.Frame;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * P7, issue 13: a message over {@code limits.max-message-size} (4096 bytes in tests) ends with a
 * close frame the client can read — 1009 with a reason naming the limit — never a bare TCP drop.
 * Browsers, Python {@code websockets} and Node {@code ws} send a message as one unfragmented frame,
 * which Netty's frame decoder rejects before any message handler runs; before the fix the edge
 * dropped TCP there (the client saw 1006, thought it was the network, and resent forever).
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class OversizedFrameTest {

  private static final String LIMIT = "limit 4096 bytes";

  @TestHTTPResource("/")
  URI base;

  @Inject PresenceStore store;
  @Inject MeterRegistry registry;

  private static String device() {
    return "big-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private boolean hasEntry(String device) {
    return store.entry(device).await().atMost(Duration.ofSeconds(5)).isPresent();
  }

  private double tooLargeDisconnects() {
    return Optional.ofNullable(
            registry.find("switchboard.edge.disconnects").tag("reason", "too_large").counter())
        .map(Counter::count)
        .orElse(0.0);
  }

  private RawWebSocket connected(String device) throws Exception {
    RawWebSocket raw =
        RawWebSocket.connect(base, WsTestClient.CONNECT_PATH, TestTokens.bearer(device));
    assertThat(raw.status()).isEqualTo(101);
    assertThat(new JsonObject(raw.readText()).getString("type")).isEqualTo("welcome");
    return raw;
  }

  private static byte[] json(int size) {
    byte[] payload = new byte[size];
    Arrays.fill(payload, (byte) 'x');
    byte[] head = "{\"type\":\"ping\",\"pad\":\"".getBytes();
    System.arraycopy(head, 0, payload, 0, head.length);
    payload[size - 2] = '"';
    payload[size - 1] = '}';
    return payload;
  }

  @ParameterizedTest(name = "{0} bytes in one frame")
  @ValueSource(ints = {70 * 1024, 1024 * 1024, 16 * 1024 * 1024})
  @DisplayName("P7: one unfragmented frame over the limit gets close 1009 naming the limit")
  void oneUnfragmentedFrameOverTheLimitGetsACloseFrame(int size) throws Exception {
    // given
    String device = device();
    double before = tooLargeDisconnects();
    try (RawWebSocket raw = connected(device)) {
      assertThat(hasEntry(device)).isTrue();

      // when: the frame streams out while the client reads, as a browser's would
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> {
                try {
                  raw.sendFrame(Frame.TEXT, true, json(size));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      WsTestClient.CloseStatus close = raw.awaitClose();

      // then
      assertThat(close.code()).as("close %s", close).isEqualTo(1009);
      assertThat(close.reason()).contains("message too large").contains(LIMIT);
      assertThat(raw.isClosedByPeer()).isTrue();
      assertThat(sending)
          .as("the whole frame was read, not reset")
          .succeedsWithin(Duration.ofSeconds(10));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> !hasEntry(device));
    await().atMost(Duration.ofSeconds(5)).until(() -> tooLargeDisconnects() >= before + 1);
  }

  @Test
  @DisplayName("P7: a fragmented message over the limit gets close 1009 naming the limit")
  void fragmentedMessageOverTheLimitGetsACloseFrame() throws Exception {
    // given
    String device = device();
    try (RawWebSocket raw = connected(device)) {

      // when: three fragments of 3000 bytes, each under the limit, 9000 together
      byte[] fragment = new byte[3000];
      Arrays.fill(fragment, (byte) 'x');
      raw.sendFrame(Frame.TEXT, false, fragment);
      raw.sendFrame(Frame.CONTINUATION, false, fragment);
      raw.sendFrame(Frame.CONTINUATION, true, fragment);
      WsTestClient.CloseStatus close = raw.awaitClose();

      // then
      assertThat(close.code()).as("close %s", close).isEqualTo(1009);
      assertThat(close.reason()).contains("message too large").contains(LIMIT);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> !hasEntry(device));
  }

  @Test
  void aMessageAtTheLimitIsAccepted() throws Exception {
    // given
    String device = device();
    try (RawWebSocket raw = connected(device)) {

      // when
      raw.sendFrame(Frame.TEXT, true, json(4096));

      // then
      assertThat(new JsonObject(raw.readText()).getString("type")).isEqualTo("pong");
      assertThat(hasEntry(device)).isTrue();
    }
  }
}
