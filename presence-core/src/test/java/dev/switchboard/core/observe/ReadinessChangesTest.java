package dev.switchboard.core.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;

class ReadinessChangesTest {

  @Test
  void onlyChangesAreLoggedEachOnceWithTheirReason() {
    try (CapturedLog log = CapturedLog.start()) {
      // given
      ReadinessChanges changes = new ReadinessChanges("presence-api");

      // when: up, up, down, down, down, up
      changes.observe(true, "");
      changes.observe(true, "");
      changes.observe(false, "Redis unanswered for 10.2 s");
      changes.observe(false, "Redis unanswered for 11.2 s");
      changes.observe(false, "Redis unanswered for 12.2 s");
      changes.observe(true, "");

      // then
      assertThat(log.lines())
          .filteredOn(l -> l.logger().equals(ReadinessChanges.class.getName()))
          .extracting(CapturedLog.Line::level, CapturedLog.Line::message)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "INFO", "presence-api not ready: Redis unanswered for 10.2 s"),
              org.assertj.core.groups.Tuple.tuple("INFO", "presence-api ready"));
    }
  }
}
