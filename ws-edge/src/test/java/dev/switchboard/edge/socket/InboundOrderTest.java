package dev.switchboard.edge.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.testsupport.RawWebSocket;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A client's frames are handled in the order it sent them, so its answers come back in that order
 * (found by RandomFramesPropertyTest: the message callbacks ran on worker threads, several at once,
 * and an {@code error} could overtake the one before it).
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class InboundOrderTest {

  private static final int FRAMES = 300;
  private static final int BURST = 6;

  @TestHTTPResource("/")
  URI base;

  @Test
  @DisplayName("answers come back in the order the frames were sent")
  void answersComeBackInTheOrderTheFramesWereSent() throws Exception {
    // given
    try (RawWebSocket raw =
        RawWebSocket.connect(
            base, WsTestClient.CONNECT_PATH, TestTokens.bearer("order-" + System.nanoTime()))) {
      assertThat(new JsonObject(raw.readText()).getString("type")).isEqualTo("welcome");

      // when: frames that each get an error naming them, sent in bursts without waiting (a burst
      // stays within the outbound bound of 8 frames the tests run with)
      List<String> answered = new ArrayList<>();
      for (int burst = 0; burst < FRAMES; burst += BURST) {
        for (int i = burst; i < burst + BURST; i++) {
          raw.sendText("{\"type\":\"x-" + i + "\"}");
        }
        for (int i = burst; i < burst + BURST; i++) {
          answered.add(new JsonObject(raw.readText()).getString("reason"));
        }
      }

      // then
      assertThat(answered)
          .containsExactlyElementsOf(
              IntStream.range(0, FRAMES)
                  .mapToObj(i -> "unknown message type 'x-" + i + "'")
                  .toList());
    }
  }
}
