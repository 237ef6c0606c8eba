package dev.switchboard.edge.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.Holder;
import dev.switchboard.edge.lifecycle.GiveUpLog.Line;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pure parts of a kick's retries: the jitter, the queue of kicks waiting, the give-up log. */
class KickRetryDecisionsTest {

  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  @Test
  void jitterSpreadsAHalfPeriodEitherSideOfIt() {
    Duration period = Duration.ofMillis(250);

    assertThat(Jitter.around(period, 0.0)).isEqualTo(Duration.ofMillis(125));
    assertThat(Jitter.around(period, 0.5)).isEqualTo(period);
    assertThat(Jitter.around(period, 0.999999)).isLessThan(Duration.ofMillis(375));
  }

  @Test
  void theOldestWaitingKickIsTheProbeAndEachLeavesAtItsDeadline() {
    // given
    KickQueue queue = new KickQueue(10);
    PendingKick early = kick("a", 10);
    PendingKick late = kick("b", 20);
    queue.add(early);
    queue.add(late);

    // when / then
    assertThat(queue.probe(5)).contains(early);
    assertThat(queue.probe(10)).contains(late);
    assertThat(queue.probe(20)).isEmpty();
    assertThat(queue.expired()).isEqualTo(2);
  }

  @Test
  void aProbeThatGotThroughSendsTheOthers() {
    // given
    KickQueue queue = new KickQueue(10);
    PendingKick probe = kick("a", 10);
    PendingKick other = kick("b", 10);
    queue.add(probe);
    queue.add(other);

    // when / then
    assertThat(queue.reached(probe)).containsExactly(other);
    assertThat(queue.probe(0)).isEmpty();
    assertThat(queue.expired()).isZero();
  }

  @Test
  void beyondTheBoundTheOldestIsPushedOutAndCounted() {
    // given
    KickQueue queue = new KickQueue(2);

    // when
    queue.add(kick("a", 10));
    queue.add(kick("b", 10));
    queue.add(kick("c", 10));

    // then
    assertThat(queue.probe(0)).map(PendingKick::device).contains("b");
    assertThat(queue.overflowed()).isEqualTo(1);
  }

  @Test
  void theFirstGiveUpAfterAQuietMinuteWarnsAndTheRestOfTheMinuteIsSummarized() {
    // given
    GiveUpLog log = new GiveUpLog();

    // when / then
    assertThat(log.givenUp(0)).isEqualTo(Line.WARN_OPENS_MINUTE);
    assertThat(log.givenUp(SECOND)).isEqualTo(Line.DEBUG);
    assertThat(log.givenUp(2 * SECOND)).isEqualTo(Line.DEBUG);
    assertThat(log.minuteEnded()).isEqualTo(3);
  }

  @Test
  void aLoneGiveUpHasNoSummary() {
    // given
    GiveUpLog log = new GiveUpLog();
    log.givenUp(0);

    // when / then
    assertThat(log.minuteEnded()).isZero();
  }

  @Test
  void giveUpsRightAfterABusyMinuteAreOnlySummarized() {
    // given: a minute with give-ups until its last second
    GiveUpLog log = new GiveUpLog();
    log.givenUp(0);
    log.givenUp(59 * SECOND);
    log.minuteEnded();

    // when / then: the next is not after a quiet minute
    assertThat(log.givenUp(61 * SECOND)).isEqualTo(Line.DEBUG_OPENS_MINUTE);
    assertThat(log.minuteEnded()).isEqualTo(1);
  }

  @Test
  void aGiveUpAfterAQuietMinuteWarnsAgain() {
    // given
    GiveUpLog log = new GiveUpLog();
    log.givenUp(0);
    log.givenUp(SECOND);
    log.minuteEnded();

    // when / then
    assertThat(log.givenUp(61 * SECOND)).isEqualTo(Line.WARN_OPENS_MINUTE);
  }

  private static PendingKick kick(String device, long deadline) {
    return new PendingKick(device, new Holder("conn-" + device, "old-edge"), "{}", 1, deadline);
  }
}
