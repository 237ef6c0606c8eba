package dev.switchboard.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DeliveryStateTest {

  private static final long NOW = 1_000_000;
  private static final StreamId SEQ = new StreamId(500, 2);

  private static MessageFacts facts(
      boolean marked, StreamId acked, OptionalLong expires, StreamId sent) {
    return new MessageFacts(SEQ, marked, acked, expires, sent, NOW);
  }

  @Test
  void waitingAndNeverSentIsQueued() {
    assertThat(
            DeliveryState.of(
                facts(false, StreamId.ZERO, OptionalLong.of(NOW + 1), new StreamId(500, 1))))
        .isEqualTo(DeliveryState.QUEUED);
  }

  @Test
  void handedToASocketAndNotAckedIsSent() {
    assertThat(DeliveryState.of(facts(false, new StreamId(500, 1), OptionalLong.of(NOW + 1), SEQ)))
        .isEqualTo(DeliveryState.SENT);
  }

  @Test
  void atOrBelowTheCursorIsAckedEvenAfterItLeftTheOutbox() {
    assertThat(DeliveryState.of(facts(false, SEQ, OptionalLong.empty(), SEQ)))
        .isEqualTo(DeliveryState.ACKED);
    assertThat(DeliveryState.of(facts(false, new StreamId(501, 0), OptionalLong.empty(), SEQ)))
        .isEqualTo(DeliveryState.ACKED);
  }

  @Test
  void markedExpiredStaysExpiredWhenALaterAckPassesIt() {
    assertThat(DeliveryState.of(facts(true, new StreamId(900, 0), OptionalLong.empty(), SEQ)))
        .isEqualTo(DeliveryState.EXPIRED);
  }

  @Test
  void pastItsTtlOrGoneWithoutAnAckIsExpired() {
    assertThat(DeliveryState.of(facts(false, StreamId.ZERO, OptionalLong.of(NOW), SEQ)))
        .isEqualTo(DeliveryState.EXPIRED);
    assertThat(DeliveryState.of(facts(false, StreamId.ZERO, OptionalLong.empty(), StreamId.ZERO)))
        .isEqualTo(DeliveryState.EXPIRED);
  }

  @Test
  void seqsCompareAsTwoUnsignedNumbersNotAsText() {
    // "10-0" sorts before "9-0" as text
    StreamId nine = StreamId.parseExact("9-0").orElseThrow();
    StreamId ten = StreamId.parseExact("10-0").orElseThrow();
    StreamId huge = StreamId.parseExact("18446744073709551615-0").orElseThrow();

    assertThat(nine).isLessThan(ten);
    assertThat(ten).isLessThan(huge);
    assertThat(new StreamId(7, 9)).isLessThan(new StreamId(7, 10));
  }

  @Test
  void anAckSeqMustBeMsDashN() {
    assertThat(StreamId.parseExact("12-3")).contains(new StreamId(12, 3));
    assertThat(StreamId.parseExact("0012-03")).contains(new StreamId(12, 3));
    assertThat(StreamId.parseExact("12")).isEmpty();
    assertThat(StreamId.parseExact("-1")).isEmpty();
    assertThat(StreamId.parseExact("1-")).isEmpty();
    assertThat(StreamId.parseExact("1-2-3")).isEmpty();
    assertThat(StreamId.parseExact("a-1")).isEmpty();
    assertThat(StreamId.parseExact("18446744073709551616-0")).isEmpty();
    assertThat(StreamId.parseExact(null)).isEmpty();
  }
}
