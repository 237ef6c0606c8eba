package dev.switchboard.client.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.delivery.Seq;
import dev.switchboard.client.policy.ReconnectPolicy;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ServerFrameTest {

  @Test
  void parsesTheEdgesWelcome() {
    String text =
        "{\"type\":\"welcome\",\"connectionId\":\"c-1\",\"device\":\"phone-1\",\"epoch\":1733000000000123,"
            + "\"heartbeatMs\":10000,\"reconnect\":{\"baseMs\":1000,\"maxMs\":60000,\"jitter\":\"full\"}}";

    ServerFrame frame = ServerFrame.parse(text);

    assertThat(frame)
        .isEqualTo(
            new Welcome(
                "c-1",
                "phone-1",
                1733000000000123L,
                10_000,
                Optional.of(new ReconnectPolicy(1_000, 60_000)),
                OptionalInt.empty()));
  }

  @Test
  void welcomeCarriesTheDeliveryWindowWhenTheEdgeAnnouncesIt() {
    String text =
        "{\"type\":\"welcome\",\"connectionId\":\"c\",\"device\":\"d\",\"epoch\":1,\"heartbeatMs\":1000,"
            + "\"reconnect\":{\"baseMs\":250,\"maxMs\":2000,\"jitter\":\"full\"},\"delivery\":{\"window\":32}}";

    Welcome welcome = (Welcome) ServerFrame.parse(text);

    assertThat(welcome.deliveryWindow()).isEqualTo(OptionalInt.of(32));
  }

  @Test
  void aWelcomeWithANonsensicalPolicyKeepsNone() {
    String text =
        "{\"type\":\"welcome\",\"connectionId\":\"c\",\"device\":\"d\",\"heartbeatMs\":1000,"
            + "\"reconnect\":{\"baseMs\":5000,\"maxMs\":10}}";

    Welcome welcome = (Welcome) ServerFrame.parse(text);

    assertThat(welcome.reconnect()).isEmpty();
  }

  @Test
  void aWelcomeWithoutHeartbeatIsMalformed() {
    assertThat(ServerFrame.parse("{\"type\":\"welcome\",\"connectionId\":\"c\",\"device\":\"d\"}"))
        .isInstanceOf(ServerFrame.Malformed.class);
  }

  @Test
  void durableAndAtMostOnceMessages() {
    ServerFrame durable =
        ServerFrame.parse(
            "{\"type\":\"message\",\"id\":\"m1\",\"seq\":\"1733000000000-3\",\"payload\":{\"n\":1}}");
    ServerFrame once = ServerFrame.parse("{\"type\":\"message\",\"id\":\"m2\",\"payload\":[1,2]}");

    assertThat(durable).isInstanceOf(ServerFrame.MessageFrame.class);
    ServerFrame.MessageFrame d = (ServerFrame.MessageFrame) durable;
    assertThat(d.seq()).contains(new Seq(1733000000000L, 3));
    assertThat(d.payload().get("n").asInt()).isEqualTo(1);
    ServerFrame.MessageFrame o = (ServerFrame.MessageFrame) once;
    assertThat(o.seq()).isEmpty();
    assertThat(o.payload().isArray()).isTrue();
  }

  @Test
  void aMessageWhoseSeqIsNotAStreamIdIsMalformed() {
    assertThat(
            ServerFrame.parse("{\"type\":\"message\",\"id\":\"m\",\"seq\":\"12\",\"payload\":1}"))
        .isInstanceOf(ServerFrame.Malformed.class);
    assertThat(ServerFrame.parse("{\"type\":\"message\",\"id\":\"m\",\"seq\":12,\"payload\":1}"))
        .isInstanceOf(ServerFrame.Malformed.class);
  }

  @Test
  void theOtherFrames() {
    assertThat(ServerFrame.parse("{\"type\":\"pong\"}")).isEqualTo(new ServerFrame.Pong());
    assertThat(ServerFrame.parse("{\"type\":\"reconnect\",\"afterMs\":420}"))
        .isEqualTo(new ServerFrame.ReconnectHint(420));
    assertThat(
            ServerFrame.parse(
                "{\"type\":\"error\",\"code\":\"bad_ack\",\"reason\":\"never sent\"}"))
        .isEqualTo(new ServerFrame.ServerError("bad_ack", "never sent"));
    assertThat(ServerFrame.parse("{\"type\":\"news\"}")).isEqualTo(new ServerFrame.Unknown("news"));
  }

  @Test
  void garbageIsMalformedAndNeverThrows() {
    assertThat(ServerFrame.parse("not json")).isInstanceOf(ServerFrame.Malformed.class);
    assertThat(ServerFrame.parse("[1]")).isInstanceOf(ServerFrame.Malformed.class);
    assertThat(ServerFrame.parse("{\"type\":7}")).isInstanceOf(ServerFrame.Malformed.class);
    assertThat(ServerFrame.parse("")).isInstanceOf(ServerFrame.Malformed.class);
    assertThat(ServerFrame.parse("{\"type\":\"reconnect\",\"afterMs\":-1}"))
        .isInstanceOf(ServerFrame.Malformed.class);
  }
}
