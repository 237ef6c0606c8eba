package dev.switchboard.client.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class CloseCodeRulePropertyTest {

  @Property
  @Label("P4: never reconnect after 4001 or 4409, whatever the reason, hints, attempt or consent")
  void neverReconnectsAfterReplacedOrAlreadyOnline(
      @ForAll("replacedOrRefused") Ending ending,
      @ForAll("policies") ReconnectPolicy policy,
      @ForAll("hints") OptionalLong frameHint,
      @ForAll @IntRange(min = 0, max = 1_000) int attempt,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double uniform,
      @ForAll boolean consent,
      @ForAll("rules") CloseCodeRule rule) {
    Decision decision = rule.decide(ending, policy, frameHint, attempt, uniform, () -> consent);

    assertThat(decision).isInstanceOf(Decision.Stop.class);
  }

  @Property
  @Label("P4: after 4429 the client waits at least the hinted time")
  void flappingWaitsAtLeastTheHint(
      @ForAll @LongRange(min = 0, max = 86_400_000) long hintMs,
      @ForAll("policies") ReconnectPolicy policy,
      @ForAll @IntRange(min = 0, max = 1_000) int attempt,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double uniform) {
    Ending ending =
        new Ending.Closed(4429, "flapping: too many takeovers; retry after " + hintMs + " ms");

    Decision decision =
        CloseCodeRule.DEFAULT.decide(
            ending, policy, OptionalLong.empty(), attempt, uniform, () -> false);

    assertThat(decision).isInstanceOf(Decision.Reconnect.class);
    assertThat(((Decision.Reconnect) decision).afterMs())
        .isBetween(hintMs, hintMs + policy.baseMs());
  }

  @Property
  @Label(
      "P5: after 1001 or 1013 the client waits at least every hint, at most the largest of hint and cap")
  void goingAwayAndTryAgainLaterWaitAtLeastTheirHints(
      @ForAll("goingAwayOrTryAgain") int code,
      @ForAll("hints") OptionalLong reasonHint,
      @ForAll("hints") OptionalLong frameHint,
      @ForAll("policies") ReconnectPolicy policy,
      @ForAll @IntRange(min = 0, max = 1_000) int attempt,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double uniform) {
    String reason =
        reasonHint.isPresent()
            ? "overloaded; try again in " + reasonHint.getAsLong() + " ms"
            : "draining";

    Decision decision =
        CloseCodeRule.DEFAULT.decide(
            new Ending.Closed(code, reason), policy, frameHint, attempt, uniform, () -> false);

    long after = ((Decision.Reconnect) decision).afterMs();
    long hint = Math.max(reasonHint.orElse(0), frameHint.orElse(0));
    assertThat(after).isBetween(hint, Math.max(hint, policy.capForAttempt(attempt)));
  }

  @Property
  @Label("P5: an ending without a hint reconnects within [0, min(max, base × 2^attempt)]")
  void unhintedEndingsReconnectWithinTheJitterBounds(
      @ForAll("unhinted") Ending ending,
      @ForAll("policies") ReconnectPolicy policy,
      @ForAll @IntRange(min = 0, max = 1_000) int attempt,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double uniform) {
    Decision decision =
        CloseCodeRule.DEFAULT.decide(
            ending, policy, OptionalLong.empty(), attempt, uniform, () -> false);

    assertThat(((Decision.Reconnect) decision).afterMs())
        .isBetween(0L, policy.capForAttempt(attempt));
  }

  @Property
  void policyClosesNeedTheAppsConsentAndOthersNeverAskForIt(
      @ForAll("anyEnding") Ending ending,
      @ForAll @IntRange(min = 0, max = 50) int attempt,
      @ForAll boolean consent) {
    AtomicBoolean asked = new AtomicBoolean();
    boolean policyClose =
        (ending instanceof Ending.Closed && ending.code() == 1008)
            || (ending instanceof Ending.Refused && (ending.code() == 401 || ending.code() == 403));

    Decision decision =
        CloseCodeRule.DEFAULT.decide(
            ending,
            ReconnectPolicy.EDGE_DEFAULT,
            OptionalLong.empty(),
            attempt,
            0.5,
            () -> {
              asked.set(true);
              return consent;
            });

    assertThat(asked.get()).isEqualTo(policyClose);
    if (policyClose) {
      assertThat(decision).isInstanceOf(consent ? Decision.Reconnect.class : Decision.Stop.class);
    }
  }

  @Property
  void maxAttemptsStopsTheRetryOfThatNumber(
      @ForAll("unhinted") Ending ending,
      @ForAll @IntRange(min = 0, max = 20) int max,
      @ForAll @IntRange(min = 0, max = 40) int attempt) {
    CloseCodeRule rule = new CloseCodeRule(60_000, OptionalInt.of(max));

    Decision decision =
        rule.decide(
            ending, ReconnectPolicy.EDGE_DEFAULT, OptionalLong.empty(), attempt, 0.5, () -> true);

    assertThat(decision)
        .isInstanceOf(attempt >= max ? Decision.Stop.class : Decision.Reconnect.class);
  }

  @Provide
  Arbitrary<Ending> replacedOrRefused() {
    return Combinators.combine(Arbitraries.of(4001, 4409), Arbitraries.strings().ofMaxLength(60))
        .as(Ending.Closed::new);
  }

  @Provide
  Arbitrary<Integer> goingAwayOrTryAgain() {
    return Arbitraries.of(1001, 1013);
  }

  @Provide
  Arbitrary<Ending> unhinted() {
    return Arbitraries.oneOf(
        Arbitraries.of(1000, 1001, 1006, 1011, 1012, 1013, 4000, 4500)
            .map(code -> new Ending.Closed(code, "closed")),
        Arbitraries.strings().ofMaxLength(30).map(Ending.Unreachable::new),
        Arbitraries.longs().between(0, 100_000).map(Ending.ServerSilent::new),
        Arbitraries.strings().ofMaxLength(30).map(Ending.TokenUnavailable::new),
        Arbitraries.of(408, 429, 500, 502, 503)
            .map(status -> new Ending.Refused(status, OptionalLong.empty())));
  }

  @Provide
  Arbitrary<Ending> anyEnding() {
    return Arbitraries.oneOf(
        unhinted(),
        replacedOrRefused(),
        Arbitraries.of(1008, 4429).map(code -> new Ending.Closed(code, "token expired")),
        Arbitraries.of(400, 401, 403, 404)
            .map(status -> new Ending.Refused(status, OptionalLong.empty())));
  }

  @Provide
  Arbitrary<ReconnectPolicy> policies() {
    return Combinators.combine(
            Arbitraries.longs().between(1, 600_000), Arbitraries.longs().between(0, 3_600_000))
        .as((base, extra) -> new ReconnectPolicy(base, base + extra));
  }

  @Provide
  Arbitrary<OptionalLong> hints() {
    return Arbitraries.longs()
        .between(0, 3_600_000)
        .map(OptionalLong::of)
        .injectNull(0.3)
        .map(hint -> hint == null ? OptionalLong.empty() : hint);
  }

  @Provide
  Arbitrary<CloseCodeRule> rules() {
    return Combinators.combine(
            Arbitraries.longs().between(0, 600_000),
            Arbitraries.integers().between(0, 100).injectNull(0.5))
        .as(
            (flap, max) ->
                new CloseCodeRule(flap, max == null ? OptionalInt.empty() : OptionalInt.of(max)));
  }
}
