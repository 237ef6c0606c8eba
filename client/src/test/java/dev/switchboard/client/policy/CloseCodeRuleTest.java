package dev.switchboard.client.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The close-code table of docs/DESIGN.md, row by row, with the edge's own reason texts. */
class CloseCodeRuleTest {

  private static final ReconnectPolicy POLICY = new ReconnectPolicy(1_000, 60_000);
  private static final CloseCodeRule RULE = CloseCodeRule.DEFAULT;

  @Test
  @DisplayName("P4: 4001 replaced stops; the app's connect() is the only way back")
  void replacedStops() {
    Decision decision = decide(new Ending.Closed(4001, "replaced by a newer connection"), 0);

    assertThat(decision).isInstanceOf(Decision.Stop.class);
    assertThat(((Decision.Stop) decision).reason())
        .contains("replaced by a newer connection")
        .contains("4001");
  }

  @Test
  void alreadyOnlineUnderRejectNewStops() {
    Decision decision =
        decide(new Ending.Closed(4409, "device already online (reject-new policy)"), 3);

    assertThat(decision).isInstanceOf(Decision.Stop.class);
  }

  @Test
  @DisplayName("P4: 4429 waits the hinted time plus at most one base of jitter")
  void flappingWaitsTheHint() {
    Decision decision =
        RULE.decide(
            new Ending.Closed(4429, "flapping: too many takeovers; retry after 4200 ms"),
            POLICY,
            OptionalLong.empty(),
            0,
            0.5,
            () -> false);

    assertThat(decision).isEqualTo(new Decision.Reconnect(4_700));
  }

  @Test
  void flappingWithoutAHintWaitsTheLongDefault() {
    Decision decision =
        RULE.decide(
            new Ending.Closed(4429, "flapping"), POLICY, OptionalLong.empty(), 0, 0, () -> false);

    assertThat(decision).isEqualTo(new Decision.Reconnect(CloseCodeRule.FLAPPING_DEFAULT_MS));
  }

  @Test
  @DisplayName("P5: a drain's reconnect frame sets the least wait of the 1001 that follows")
  void drainWaitsAtLeastTheReconnectFrame() {
    Decision decision =
        RULE.decide(
            new Ending.Closed(1001, "draining"), POLICY, OptionalLong.of(800), 0, 0.1, () -> false);

    assertThat(decision).isEqualTo(new Decision.Reconnect(800));
  }

  @Test
  @DisplayName("P5: 1013 waits at least the hint in its reason")
  void tryAgainLaterWaitsAtLeastTheReasonsHint() {
    Decision decision =
        RULE.decide(
            new Ending.Closed(1013, "presence store unavailable; try again in 1300 ms"),
            POLICY,
            OptionalLong.empty(),
            0,
            0.9,
            () -> false);

    assertThat(decision).isEqualTo(new Decision.Reconnect(1_300));
  }

  @Test
  void tokenExpiredIsRetriedOnlyWithTheAppsConsent() {
    Ending expired = new Ending.Closed(1008, "token expired");

    assertThat(RULE.decide(expired, POLICY, OptionalLong.empty(), 0, 0.5, () -> false))
        .isInstanceOf(Decision.Stop.class);
    assertThat(RULE.decide(expired, POLICY, OptionalLong.empty(), 0, 0.5, () -> true))
        .isEqualTo(new Decision.Reconnect(500));
  }

  @Test
  void tooLargeAndProtocolErrorAreTheClientsOwnFaultAndStopWithoutConsent() {
    for (Ending ending :
        java.util.List.of(
            new Ending.Closed(1009, "message too large; limit 65536 bytes"),
            new Ending.Closed(1002, "protocol error"))) {
      Decision decision = RULE.decide(ending, POLICY, OptionalLong.empty(), 0, 0.5, () -> false);
      assertThat(decision).as(ending.toString()).isInstanceOf(Decision.Stop.class);
    }
  }

  @Test
  void refusedTokenIsAPolicyCloseAndABadRequestStops() {
    Ending unauthorized = new Ending.Refused(401, OptionalLong.empty());
    Ending badRequest = new Ending.Refused(400, OptionalLong.empty());

    assertThat(RULE.decide(unauthorized, POLICY, OptionalLong.empty(), 0, 0.5, () -> false))
        .isInstanceOf(Decision.Stop.class);
    assertThat(RULE.decide(badRequest, POLICY, OptionalLong.empty(), 0, 0.5, () -> true))
        .isInstanceOf(Decision.Stop.class);
  }

  @Test
  void unavailableEdgeWaitsAtLeastItsRetryAfter() {
    Ending draining = new Ending.Refused(503, OptionalLong.of(5_000));

    assertThat(RULE.decide(draining, POLICY, OptionalLong.empty(), 0, 0.5, () -> false))
        .isEqualTo(new Decision.Reconnect(5_000));
  }

  @Test
  void aSilentServerIsRetriedWithTheBackOff() {
    Ending silent = new Ending.ServerSilent(20_000);

    assertThat(RULE.decide(silent, POLICY, OptionalLong.empty(), 3, 0.5, () -> false))
        .isEqualTo(new Decision.Reconnect(4_000));
  }

  @Test
  void maxAttemptsGivesUpWithTheLastEndingInTheReason() {
    CloseCodeRule rule = new CloseCodeRule(60_000, OptionalInt.of(2));

    Decision decision =
        rule.decide(
            new Ending.Unreachable("ConnectException: Connection refused"),
            POLICY,
            OptionalLong.empty(),
            2,
            0.5,
            () -> false);

    assertThat(((Decision.Stop) decision).reason())
        .contains("Connection refused")
        .contains("gave up after 2 attempts");
  }

  private static Decision decide(Ending ending, int attempt) {
    return RULE.decide(ending, POLICY, OptionalLong.of(100), attempt, 0.5, () -> true);
  }
}
