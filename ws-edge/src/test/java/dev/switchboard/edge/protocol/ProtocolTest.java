package dev.switchboard.edge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.StreamId;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProtocolTest {

  @Test
  void parsesKnownTypesAndTurnsBadInputIntoValues() {
    assertThat(ClientMessage.parse("{\"type\":\"ping\"}")).isEqualTo(new ClientMessage.Ping());
    assertThat(ClientMessage.parse("{\"type\":\"ack\",\"id\":\"m1\"}"))
        .isEqualTo(new ClientMessage.Ack("m1"));
    assertThat(ClientMessage.parse("{\"type\":\"dance\"}"))
        .isEqualTo(new ClientMessage.Unknown("dance"));
    assertThat(ClientMessage.parse("{\"type\":\"ack\"}"))
        .isInstanceOf(ClientMessage.Malformed.class);
    assertThat(ClientMessage.parse("[1]")).isInstanceOf(ClientMessage.Malformed.class);
    assertThat(ClientMessage.parse("{\"type\":3}")).isInstanceOf(ClientMessage.Malformed.class);
    assertThat(ClientMessage.parse("")).isInstanceOf(ClientMessage.Malformed.class);
  }

  @Test
  void welcomeCarriesTheReconnectPolicy() {
    JsonObject welcome =
        new JsonObject(
            ServerFrames.welcome(
                "c1", "d1", 42, 10_000, ReconnectPolicy.fullJitter(1_000, 60_000), 32));

    assertThat(welcome.getString("type")).isEqualTo("welcome");
    assertThat(welcome.getString("connectionId")).isEqualTo("c1");
    assertThat(welcome.getLong("heartbeatMs")).isEqualTo(10_000L);
    assertThat(welcome.getJsonObject("reconnect").getMap())
        .containsEntry("baseMs", 1000)
        .containsEntry("maxMs", 60000)
        .containsEntry("jitter", "full");
    assertThat(welcome.getJsonObject("delivery").getInteger("window")).isEqualTo(32);
  }

  @Test
  void welcomeIsTheTextJsonObjectEncodedForAnyIdsAndPolicy() {
    // given: what the welcome was before it was written directly
    record Case(String conn, String device, long epoch, ReconnectPolicy policy) {}
    var cases =
        java.util.List.of(
            new Case("c1", "device-1", 1, ReconnectPolicy.fullJitter(500, 30_000)),
            new Case("8kR_x-Z", "a.b:c@d", Long.MAX_VALUE, new ReconnectPolicy(0, -1, "")),
            new Case(
                "q\"uote\\back/slash",
                "tab\tnl\nctl\u0001\u001fnul\u0000",
                -7,
                new ReconnectPolicy(Long.MIN_VALUE, 1, "é漢\u2028\ud83d\ude00\u007f")));

    for (Case c : cases) {
      String before =
          new JsonObject()
              .put("type", "welcome")
              .put("connectionId", c.conn())
              .put("device", c.device())
              .put("epoch", c.epoch())
              .put("heartbeatMs", 10_000L)
              .put(
                  "reconnect",
                  new JsonObject()
                      .put("baseMs", c.policy().baseMs())
                      .put("maxMs", c.policy().maxMs())
                      .put("jitter", c.policy().jitter()))
              .put("delivery", new JsonObject().put("window", 32))
              .encode();

      // when
      String now = ServerFrames.welcome(c.conn(), c.device(), c.epoch(), 10_000, c.policy(), 32);

      // then
      assertThat(now).isEqualTo(before);
    }
  }

  @Test
  void anAckWithASeqIsDurableAndKeepsAMalformedSeqForTheReason() {
    assertThat(ClientMessage.parse("{\"type\":\"ack\",\"seq\":\"17-3\"}"))
        .isEqualTo(new ClientMessage.AckSeq(Optional.of(new StreamId(17, 3)), "17-3"));
    assertThat(ClientMessage.parse("{\"type\":\"ack\",\"seq\":\"17\"}"))
        .isEqualTo(new ClientMessage.AckSeq(Optional.empty(), "17"));
    assertThat(ClientMessage.parse("{\"type\":\"ack\",\"seq\":5}"))
        .isEqualTo(new ClientMessage.AckSeq(Optional.empty(), "5"));
    assertThat(ClientMessage.parse("{\"type\":\"ack\",\"seq\":null}"))
        .isEqualTo(new ClientMessage.AckSeq(Optional.empty(), "null"));
    assertThat(
            ((ClientMessage.AckSeq)
                    ClientMessage.parse("{\"type\":\"ack\",\"seq\":\"" + "9".repeat(200) + "\"}"))
                .raw())
        .hasSize(65);
  }

  @Test
  void aDurableMessageCarriesItsSeqAndThePayloadAsIs() {
    JsonObject frame =
        new JsonObject(ServerFrames.durableMessage("m\"1", "1700000000000-4", "{\"a\":[1,2]}"));

    assertThat(frame.getString("type")).isEqualTo("message");
    assertThat(frame.getString("id")).isEqualTo("m\"1");
    assertThat(frame.getString("seq")).isEqualTo("1700000000000-4");
    assertThat(frame.getJsonObject("payload").getJsonArray("a").size()).isEqualTo(2);
  }

  @Test
  void backOffCapDoublesUpToTheMax() {
    ReconnectPolicy policy = ReconnectPolicy.fullJitter(1_000, 60_000);

    assertThat(policy.capForAttempt(0)).isEqualTo(1_000);
    assertThat(policy.capForAttempt(3)).isEqualTo(8_000);
    assertThat(policy.capForAttempt(10)).isEqualTo(60_000);
    assertThat(policy.capForAttempt(100)).isEqualTo(60_000);
  }

  @Test
  @DisplayName("P5: retry hints of shed connects spread over one base above the base")
  void shedRetryHintsSpreadOverOneBaseAboveTheBase() {
    ReconnectPolicy policy = ReconnectPolicy.fullJitter(1_000, 60_000);

    assertThat(policy.shedRetryMs(0)).isEqualTo(1_000);
    assertThat(policy.shedRetryMs(0.5)).isEqualTo(1_500);
    assertThat(policy.shedRetryMs(0.999)).isEqualTo(1_999);
    assertThat(ReconnectPolicy.fullJitter(1_000, 1_500).shedRetryMs(0.9)).isEqualTo(1_500);
  }

  @Test
  void routedMessagePayloadIsEmbeddedAsJson() {
    JsonObject frame = new JsonObject(ServerFrames.message("m1", "{\"a\":[1,2]}"));

    assertThat(frame.getJsonObject("payload").getJsonArray("a").size()).isEqualTo(2);
  }
}
