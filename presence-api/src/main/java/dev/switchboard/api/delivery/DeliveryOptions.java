package dev.switchboard.api.delivery;

import dev.switchboard.core.model.MessageIds;
import dev.switchboard.core.store.Outbox;
import java.time.Duration;
import java.util.Optional;

/**
 * How a {@code POST /v1/devices/{device}/messages} wants its message delivered, from its query and
 * headers. Pure: every bad value becomes {@link Invalid} with a detail that says what to send.
 *
 * @param durable at-least-once through the device's outbox (the default), or at-most-once
 * @param idempotencyKey the caller's id for the message; a repeat answers the first message
 * @param ttl how long a durable message may wait for its ack
 */
public record DeliveryOptions(boolean durable, Optional<String> idempotencyKey, Duration ttl) {

  /** The value of {@code ?delivery=} that keeps the fire-and-forget path. */
  public static final String AT_MOST_ONCE = "at-most-once";

  /** The value of {@code ?delivery=} for durable delivery, also the default. */
  public static final String AT_LEAST_ONCE = "at-least-once";

  /** The outcome of parsing. */
  public sealed interface Parsed {}

  /** The options are usable. */
  public record Valid(DeliveryOptions options) implements Parsed {}

  /** A 400: {@code detail} names the parameter and what it must be. */
  public record Invalid(String detail) implements Parsed {}

  /**
   * @param delivery {@code ?delivery=}, null when absent
   * @param ttl {@code ?ttl=} in whole seconds, null when absent
   * @param idempotencyKey the {@code Idempotency-Key} header, null when absent
   * @param defaultTtl the TTL when {@code ttl} is absent
   */
  public static Parsed parse(
      String delivery, String ttl, String idempotencyKey, Duration defaultTtl) {
    boolean durable;
    if (delivery == null || delivery.isEmpty() || AT_LEAST_ONCE.equals(delivery)) {
      durable = true;
    } else if (AT_MOST_ONCE.equals(delivery)) {
      durable = false;
    } else {
      return new Invalid(
          "delivery must be "
              + AT_LEAST_ONCE
              + " (the default) or "
              + AT_MOST_ONCE
              + ", got '"
              + shorten(delivery)
              + "'");
    }
    if (idempotencyKey != null) {
      Optional<String> problem = MessageIds.problem("Idempotency-Key", idempotencyKey);
      if (problem.isPresent()) {
        return new Invalid(problem.get());
      }
    }
    Duration lifetime = defaultTtl;
    if (ttl != null) {
      Optional<Long> seconds = seconds(ttl);
      long max = Outbox.MAX_TTL.toSeconds();
      if (seconds.isEmpty() || seconds.get() < 1) {
        return new Invalid(
            "ttl must be a whole number of seconds from 1 to "
                + max
                + ", got '"
                + shorten(ttl)
                + "'");
      }
      if (seconds.get() > max) {
        return new Invalid("ttl must be at most " + max + " seconds (24 h), got " + seconds.get());
      }
      lifetime = Duration.ofSeconds(seconds.get());
    }
    if (!durable && (ttl != null || idempotencyKey != null)) {
      return new Invalid(
          "ttl and Idempotency-Key apply to durable delivery only; drop them, or drop"
              + " delivery="
              + AT_MOST_ONCE);
    }
    return new Valid(new DeliveryOptions(durable, Optional.ofNullable(idempotencyKey), lifetime));
  }

  /** Digits only, at most 18 of them (no sign, no unit, no overflow); empty otherwise. */
  private static Optional<Long> seconds(String text) {
    if (text.isEmpty() || text.length() > 18) {
      return Optional.empty();
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return Optional.empty();
      }
    }
    return Optional.of(Long.parseLong(text));
  }

  private static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
