package dev.switchboard.client.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.client.delivery.Seq;
import org.junit.jupiter.api.Test;

class ClientFrameTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void ackBySeqCarriesTheStreamIdAsAString() throws Exception {
    JsonNode ack = JSON.readTree(new ClientFrame.AckSeq(new Seq(-1L, 7)).json());

    assertThat(ack.get("type").asText()).isEqualTo("ack");
    assertThat(ack.get("seq").asText()).isEqualTo("18446744073709551615-7");
  }

  @Test
  void ackByIdEscapesTheId() throws Exception {
    JsonNode ack = JSON.readTree(new ClientFrame.AckId("a\"b\\c").json());

    assertThat(ack.get("id").asText()).isEqualTo("a\"b\\c");
  }

  @Test
  void ping() throws Exception {
    assertThat(JSON.readTree(new ClientFrame.Ping().json()).get("type").asText()).isEqualTo("ping");
  }
}
