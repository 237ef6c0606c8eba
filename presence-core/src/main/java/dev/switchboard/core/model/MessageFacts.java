package dev.switchboard.core.model;

import java.util.OptionalLong;

/**
 * What the outbox holds about one message, read in one script, from which {@link DeliveryState#of}
 * derives its state.
 *
 * @param seq the message's seq (its outbox stream id)
 * @param expiredMark whether it was found expired undelivered and taken out of the outbox
 * @param acked the device's acked cursor
 * @param entryExpiresMs when it expires, while it is still in the outbox stream
 * @param sent the highest seq handed to a socket of the device
 * @param nowMs Redis's clock when read
 */
public record MessageFacts(
    StreamId seq,
    boolean expiredMark,
    StreamId acked,
    OptionalLong entryExpiresMs,
    StreamId sent,
    long nowMs) {}
