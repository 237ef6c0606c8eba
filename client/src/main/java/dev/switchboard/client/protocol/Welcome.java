package dev.switchboard.client.protocol;

import dev.switchboard.client.policy.ReconnectPolicy;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code welcome} frame: the connection owns the device now.
 *
 * @param reconnect the back-off the edge asks for; empty if the frame had none that makes sense
 * @param deliveryWindow {@code delivery.window}: durable messages the edge sends unacknowledged at
 *     most; empty from an edge without durable delivery
 */
public record Welcome(
    String connectionId,
    String device,
    long epoch,
    long heartbeatMs,
    Optional<ReconnectPolicy> reconnect,
    OptionalInt deliveryWindow)
    implements ServerFrame {}
