package dev.switchboard.edge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.OutboxBatch;
import dev.switchboard.core.model.OutboxEntry;
import dev.switchboard.core.model.StreamId;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeliveryWindowTest {

  private static StreamId seq(long n) {
    return new StreamId(1_000, n);
  }

  private static OutboxBatch batch(StreamId acked, int asked, long... seqs) {
    List<OutboxEntry> entries =
        java.util.Arrays.stream(seqs)
            .mapToObj(n -> new OutboxEntry(seq(n), "m" + n, "{}", 0))
            .toList();
    Optional<StreamId> last =
        entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1).seq());
    return new OutboxBatch(acked, entries, last, 0, 0, seqs.length >= asked);
  }

  @Test
  void nothingIsReadBeforeTheWelcomeAndAWakeDuringTheClaimIsKept() {
    DeliveryWindow w = new DeliveryWindow(4);

    assertThat(w.wake()).isEmpty();
    assertThat(w.start(false)).contains(new DeliveryWindow.Read(StreamId.ZERO, 4));
  }

  @Test
  void aClaimWithNothingPendingReadsNothingUntilAWake() {
    DeliveryWindow w = new DeliveryWindow(4);

    assertThat(w.start(false)).isEmpty();
    assertThat(w.wake()).contains(new DeliveryWindow.Read(StreamId.ZERO, 4));
  }

  @Test
  void atMostTheWindowIsInFlightAndAnAckMakesRoomForTheRest() {
    // given: a full window read from a longer backlog
    DeliveryWindow w = new DeliveryWindow(3);
    w.start(true);
    List<OutboxEntry> sent = w.received(batch(StreamId.ZERO, 3, 1, 2, 3));

    // when / then: no more reads while the window is full, even on wakes
    assertThat(sent).hasSize(3);
    assertThat(w.sent()).isEmpty();
    assertThat(w.wake()).isEmpty();
    assertThat(w.inFlight()).isEqualTo(3);

    // when / then: an ack of two makes room for two, read after the last one sent
    assertThat(w.acked(seq(2))).contains(new DeliveryWindow.Read(seq(3), 2));
    assertThat(w.inFlight()).isEqualTo(1);
  }

  @Test
  void aReadIsInFlightUntilItsEntriesWereHandedToTheSocket() {
    // given
    DeliveryWindow w = new DeliveryWindow(8);
    w.start(true);

    // when: a wake and an ack race the read's reply on other threads
    Optional<DeliveryWindow.Read> duringRead = w.wake();
    w.received(batch(StreamId.ZERO, 8, 1, 2));
    Optional<DeliveryWindow.Read> beforeSent = w.acked(seq(1));

    // then: the follow-up read starts only after the first read's entries were sent, so frames
    // leave in seq order
    assertThat(duringRead).isEmpty();
    assertThat(beforeSent).isEmpty();
    assertThat(w.sent()).contains(new DeliveryWindow.Read(seq(2), 7));
  }

  @Test
  void aShortReadMeansNothingMoreWaitsUntilTheNextWake() {
    DeliveryWindow w = new DeliveryWindow(8);
    w.start(true);
    w.received(batch(StreamId.ZERO, 8, 1));

    assertThat(w.sent()).isEmpty();
    assertThat(w.acked(seq(1))).isEmpty();
    assertThat(w.wake()).contains(new DeliveryWindow.Read(seq(1), 8));
  }

  @Test
  void theNextReadStartsAfterTheDevicesCursorWhenAnotherConnectionAckedFurther() {
    DeliveryWindow w = new DeliveryWindow(4);
    w.start(true);
    w.received(batch(seq(7), 4));

    assertThat(w.sent()).isEmpty();
    assertThat(w.wake()).contains(new DeliveryWindow.Read(seq(7), 4));
  }

  @Test
  void aFailedReadIsRetriedByTheNextWake() {
    DeliveryWindow w = new DeliveryWindow(4);
    w.start(true);

    w.readFailed();

    assertThat(w.wake()).contains(new DeliveryWindow.Read(StreamId.ZERO, 4));
  }

  @Test
  void acksAreCheckedAgainstWhatThisConnectionWasSent() {
    // given
    DeliveryWindow w = new DeliveryWindow(4);
    w.start(true);
    w.received(batch(StreamId.ZERO, 4, 1, 2, 3));
    w.sent();
    w.acked(seq(1));

    // then
    assertThat(w.check(Optional.empty(), "abc")).isInstanceOf(AckCheck.Malformed.class);
    assertThat(((AckCheck.Malformed) w.check(Optional.empty(), "abc")).reason()).contains("'abc'");
    assertThat(w.check(Optional.of(seq(4)), "1000-4"))
        .isEqualTo(new AckCheck.NeverSent(seq(4), seq(3)));
    assertThat(w.check(Optional.of(new StreamId(999_999, 0)), "x"))
        .isInstanceOf(AckCheck.NeverSent.class);
    assertThat(w.check(Optional.of(seq(1)), "1000-1")).isEqualTo(new AckCheck.Stale(seq(1)));
    assertThat(w.check(Optional.of(seq(3)), "1000-3")).isEqualTo(new AckCheck.Apply(seq(3)));
    // between two sent seqs: cumulative, acknowledges what is below it
    assertThat(w.check(Optional.of(new StreamId(1_000, 2)), "1000-2"))
        .isEqualTo(new AckCheck.Apply(seq(2)));
  }

  @Test
  void aFreshConnectionWasSentNothingSoEveryAckAboveZeroIsNeverSent() {
    DeliveryWindow w = new DeliveryWindow(4);

    AckCheck check = w.check(Optional.of(seq(1)), "1000-1");

    assertThat(check).isInstanceOf(AckCheck.NeverSent.class);
    assertThat(((AckCheck.NeverSent) check).reason()).contains("never sent");
  }

  @Test
  void theWindowNeverHoldsMoreThanItsSizeOverManyRounds() {
    DeliveryWindow w = new DeliveryWindow(5);
    Optional<DeliveryWindow.Read> read = w.start(true);
    long next = 1;
    for (int round = 0; round < 50; round++) {
      DeliveryWindow.Read r = read.orElseThrow();
      long[] seqs = IntStream.range(0, r.count()).mapToLong(i -> 0).toArray();
      for (int i = 0; i < seqs.length; i++) {
        seqs[i] = next++;
      }
      w.received(batch(StreamId.ZERO, r.count(), seqs));
      assertThat(w.inFlight()).isLessThanOrEqualTo(5);
      assertThat(w.sent()).isEmpty();
      read = w.acked(seq(next - 1 - round % 3));
    }
  }
}
