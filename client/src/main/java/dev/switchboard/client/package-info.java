/**
 * The Switchboard client library: {@link dev.switchboard.client.SwitchboardClient} connects a
 * device to the edge and keeps it connected the way docs/DESIGN.md asks ("Client library"): the
 * reconnect policy of {@code welcome} with full jitter, the close-code table, app pings and
 * dead-server detection, a token asked for on every connect, and durable messages handed to the app
 * once, in order, acknowledged after its handler returns. State changes reach a {@link
 * dev.switchboard.client.StateListener}. The decisions themselves are pure code in {@code
 * client.policy} and {@code client.delivery}; this package does the I/O.
 */
package dev.switchboard.client;
