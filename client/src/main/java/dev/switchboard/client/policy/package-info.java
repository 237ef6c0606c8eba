/**
 * The client's decisions as pure code, apart from sockets and clocks: the back-off announced in
 * {@code welcome} ({@link dev.switchboard.client.policy.ReconnectPolicy}), what to do after a
 * connection ended ({@link dev.switchboard.client.policy.CloseCodeRule}, the close-code table of
 * docs/DESIGN.md), the retry hints servers write into close reasons and headers ({@link
 * dev.switchboard.client.policy.RetryHints}), and when to ping or give a silent server up ({@link
 * dev.switchboard.client.policy.Liveness}). Times are milliseconds passed in by the caller.
 */
package dev.switchboard.client.policy;
