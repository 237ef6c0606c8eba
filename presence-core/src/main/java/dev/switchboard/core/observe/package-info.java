/**
 * What every service shows operators the same way: the log fields and format ({@code inst} on every
 * line, optional JSON records), expected events counted and summarised instead of logged one by
 * one, the Redis reachability that readiness reads, and the meter rules every service applies.
 */
package dev.switchboard.core.observe;
