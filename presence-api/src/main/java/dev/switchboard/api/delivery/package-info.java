/**
 * Durable delivery on the API side: how a {@code POST …/messages} asks for it ({@code ?delivery=},
 * {@code ?ttl=}, {@code Idempotency-Key}, parsed by the pure {@code DeliveryOptions}), storing the
 * message in the device's outbox and waking its owner ({@code DurableMessages}), and when a caller
 * refused for a full outbox should come back (the pure {@code FullOutboxRetry}).
 */
package dev.switchboard.api.delivery;
