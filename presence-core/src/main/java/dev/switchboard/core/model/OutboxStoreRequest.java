package dev.switchboard.core.model;

import java.time.Duration;
import java.util.Objects;

/**
 * A durable message to store in a device's outbox.
 *
 * @param id the message id: the caller's {@code Idempotency-Key} or a generated id; a second store
 *     with the same id stores nothing and answers the first message
 * @param payloadJson the payload as JSON text, delivered as-is
 * @param ttl how long it may wait for delivery and acknowledgement
 */
public record OutboxStoreRequest(
    String device, String id, String payloadJson, Duration ttl, OutboxLimits limits) {
  public OutboxStoreRequest {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(payloadJson, "payloadJson");
    Objects.requireNonNull(limits, "limits");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
  }
}
