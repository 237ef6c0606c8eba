package dev.switchboard.api.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.Holder;
import dev.switchboard.core.model.OutboxCap;
import dev.switchboard.core.model.StoreOutcome;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeliveryOptionsTest {

  private static final Duration DEFAULT = Duration.ofMinutes(5);

  private static DeliveryOptions valid(String delivery, String ttl, String key) {
    DeliveryOptions.Parsed parsed = DeliveryOptions.parse(delivery, ttl, key, DEFAULT);
    assertThat(parsed).isInstanceOf(DeliveryOptions.Valid.class);
    return ((DeliveryOptions.Valid) parsed).options();
  }

  private static String invalid(String delivery, String ttl, String key) {
    DeliveryOptions.Parsed parsed = DeliveryOptions.parse(delivery, ttl, key, DEFAULT);
    assertThat(parsed).isInstanceOf(DeliveryOptions.Invalid.class);
    return ((DeliveryOptions.Invalid) parsed).detail();
  }

  @Test
  void durableIsTheDefaultWithTheDefaultTtl() {
    assertThat(valid(null, null, null))
        .isEqualTo(new DeliveryOptions(true, Optional.empty(), DEFAULT));
    assertThat(valid("at-least-once", "30", "k-1"))
        .isEqualTo(new DeliveryOptions(true, Optional.of("k-1"), Duration.ofSeconds(30)));
    assertThat(valid("at-most-once", null, null).durable()).isFalse();
  }

  @Test
  void ttlIsWholeSecondsFromOneToADay() {
    assertThat(valid(null, "86400", null).ttl()).isEqualTo(Duration.ofHours(24));
    assertThat(valid(null, "1", null).ttl()).isEqualTo(Duration.ofSeconds(1));
    assertThat(invalid(null, "86401", null)).contains("at most 86400");
    for (String bad : new String[] {"0", "", "-1", "+5", "1.5", "PT30S", "30s", "9".repeat(40)}) {
      assertThat(invalid(null, bad, null)).as(bad).startsWith("ttl must be");
    }
  }

  @Test
  void anIdempotencyKeyFollowsTheMessageIdRule() {
    assertThat(valid(null, null, "A.b_c:d-9").idempotencyKey()).contains("A.b_c:d-9");
    assertThat(valid(null, null, "k".repeat(128)).idempotencyKey()).isPresent();
    assertThat(invalid(null, null, "k".repeat(129))).contains("Idempotency-Key").contains("128");
    assertThat(invalid(null, null, "")).contains("Idempotency-Key is empty");
    assertThat(invalid(null, null, "a b")).contains("letters, digits");
  }

  @Test
  void anUnknownDeliveryOrDurableOptionsOnAtMostOnceAreRefused() {
    assertThat(invalid("exactly-once", null, null)).contains("'exactly-once'");
    assertThat(invalid("at-most-once", "30", null)).contains("durable delivery only");
    assertThat(invalid("at-most-once", null, "k")).contains("durable delivery only");
  }

  @Test
  void aFullOutboxSaysComeBackSoonWhenTheDeviceIsOnlineElseWhenTheOldestExpires() {
    Optional<Holder> online = Optional.of(new Holder("c", "i"));
    assertThat(FullOutboxRetry.seconds(full(online, 250_000))).isEqualTo(1);
    assertThat(FullOutboxRetry.seconds(full(Optional.empty(), 12_001))).isEqualTo(13);
    assertThat(FullOutboxRetry.seconds(full(Optional.empty(), 300_000))).isEqualTo(60);
    assertThat(FullOutboxRetry.seconds(full(Optional.empty(), 0))).isEqualTo(1);
  }

  private static StoreOutcome.Full full(Optional<Holder> owner, long msUntilOldestExpires) {
    return new StoreOutcome.Full(OutboxCap.COUNT, 20, 20, msUntilOldestExpires, owner, 0);
  }
}
