/**
 * Durable delivery to one connection: after {@code welcome}, on every wake and after every ack, the
 * connection's outbox entries after the acked cursor are sent, at most {@code delivery.window}
 * unacknowledged at a time; {@code ack {seq}} is checked against what this connection was sent and
 * then applied by the fenced ack script. The window and the ack check are pure ({@code
 * DeliveryWindow}, {@code AckCheck}); {@code Deliveries} does the I/O through presence-core's
 * {@code Outbox}. The backlog stays in Redis: a connection holds only the seqs in flight.
 */
package dev.switchboard.edge.delivery;
