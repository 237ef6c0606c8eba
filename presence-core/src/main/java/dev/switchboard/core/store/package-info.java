/**
 * The typed operations on presence data every service shares: entries, the per-instance device
 * index, instance leases and records, inboxes and the event stream. Built on {@code core.redis} for
 * keys, scripts and replies; returns {@code core.model} values and holds no policy of any service.
 */
package dev.switchboard.core.store;
