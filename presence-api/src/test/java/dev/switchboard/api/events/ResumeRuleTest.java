package dev.switchboard.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.StreamBounds;
import dev.switchboard.core.model.StreamId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResumeRuleTest {

  private static StreamId id(long ms, long seq) {
    return new StreamId(ms, seq);
  }

  /** 100 events added, 40 kept: the first 60 were trimmed. */
  private static final StreamBounds TRIMMED =
      new StreamBounds(Optional.of(id(1000, 0)), id(2000, 5), 40, 100);

  private static final StreamBounds NEVER_TRIMMED =
      new StreamBounds(Optional.of(id(1000, 0)), id(2000, 5), 100, 100);

  @Test
  void aNewClientStartsAtTheNewestEventWithoutReset() {
    assertThat(ResumeRule.start(null, TRIMMED, false))
        .isEqualTo(new ResumeRule.Start(id(2000, 5), Optional.empty()));
  }

  @Test
  void aClientWithinTheRetainedStreamResumesAfterItsId() {
    assertThat(ResumeRule.start("1500-3", TRIMMED, true))
        .isEqualTo(new ResumeRule.Start(id(1500, 3), Optional.empty()));
  }

  @Test
  void resumeFromTrimmedIdSendsReset() {
    ResumeRule.Start start = ResumeRule.start("900-0", TRIMMED, false);

    assertThat(start.after()).isEqualTo(id(2000, 5));
    assertThat(start.reset()).get().asString().contains("trimmed");
  }

  @Test
  void anOldIdOfAStreamThatWasNeverTrimmedMissesNothing() {
    assertThat(ResumeRule.start("0-0", NEVER_TRIMMED, false).reset()).isEmpty();
    assertThat(ResumeRule.start("1200-0", NEVER_TRIMMED, true).after()).isEqualTo(id(1200, 0));
  }

  @Test
  void anIdNewerThanTheStreamMeansTheStreamWasLost() {
    ResumeRule.Start start = ResumeRule.start("3000-0", TRIMMED, false);

    assertThat(start.after()).isEqualTo(id(2000, 5));
    assertThat(start.reset()).get().asString().contains("lost");
    assertThat(ResumeRule.start("5-0", StreamBounds.EMPTY, false).reset()).isPresent();
  }

  @Test
  void anIdThatDoesNotParseOrOverflowsIsAResetNotAnError() {
    for (String bad :
        new String[] {
          "99999999999999999999-0", "abc", "1-2-3", "-1", "1-", "18446744073709551616"
        }) {
      ResumeRule.Start start = ResumeRule.start(bad, TRIMMED, false);
      assertThat(start.reset()).as(bad).isPresent();
      assertThat(start.after()).as(bad).isEqualTo(id(2000, 5));
    }
  }

  @Test
  void theLargestValidIdParses() {
    assertThat(StreamId.parse("18446744073709551615-18446744073709551615")).isPresent();
  }

  @Test
  void anIdTheStreamNoLongerHoldsWasLostEvenWhenTheNewStreamGrewPastIt() {
    // a Redis restart lost the stream; the edges' repairs pushed the new one past the client's id
    StreamBounds recreated = new StreamBounds(Optional.of(id(1800, 0)), id(2600, 0), 500, 500);

    ResumeRule.Start start = ResumeRule.start("2000-5", recreated, false);

    assertThat(start.reset()).get().asString().contains("lost");
    assertThat(start.after()).isEqualTo(id(2600, 0));
  }

  @Test
  void fromTheStartOfATrimmedStreamIsAReset() {
    assertThat(ResumeRule.start("0-0", TRIMMED, false).reset()).isPresent();
  }

  @Test
  void aStreamRecreatedWhileReadingIsNoticed() {
    StreamBounds recreated = new StreamBounds(Optional.of(id(2500, 0)), id(2500, 0), 1, 1);

    assertThat(ResumeRule.lostWhileReading(TRIMMED, recreated)).isPresent();
    assertThat(ResumeRule.lostWhileReading(TRIMMED, TRIMMED)).isEmpty();
  }
}
