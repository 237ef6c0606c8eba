package dev.switchboard.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.InboxMessage;
import org.junit.jupiter.api.Test;

class InboxCodecTest {

  @Test
  void kickRoundTrips() {
    InboxMessage kick = new InboxMessage.Kick("d1", "c1");

    assertThat(InboxCodec.decode(InboxCodec.encode(kick))).contains(kick);
  }

  @Test
  void wakeRoundTripsAsItsOwnType() {
    InboxMessage wake = new InboxMessage.Wake("d1", "c1");

    String encoded = InboxCodec.encode(wake);

    assertThat(encoded).contains("\"type\":\"wake\"");
    assertThat(InboxCodec.decode(encoded)).contains(wake);
  }

  @Test
  void deliverCarriesThePayloadAsJson() {
    InboxMessage deliver =
        new InboxMessage.Deliver("d1", "c1", "m-1", "{\"text\":\"hi\",\"n\":[1,2]}");

    String encoded = InboxCodec.encode(deliver);

    assertThat(encoded).contains("\"payload\":{\"text\":\"hi\",\"n\":[1,2]}");
    assertThat(InboxCodec.decode(encoded)).contains(deliver);
  }

  @Test
  void unknownOrBrokenMessagesDecodeToNothing() {
    assertThat(InboxCodec.decode("not json")).isEmpty();
    assertThat(InboxCodec.decode("{\"type\":\"launch\",\"device\":\"d\",\"conn\":\"c\"}"))
        .isEmpty();
    assertThat(InboxCodec.decode("{\"type\":\"kick\"}")).isEmpty();
    assertThat(InboxCodec.decode("[1,2]")).isEmpty();
  }
}
