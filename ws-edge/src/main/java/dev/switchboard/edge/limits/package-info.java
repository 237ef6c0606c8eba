/**
 * The instance-wide limits on connecting: per-IP connection cap, admission rate (token bucket) and
 * the bound on claims pending in Redis. Counters and arithmetic only; the upgrade guard and the
 * claim flow decide what a refusal looks like to the client.
 */
package dev.switchboard.edge.limits;
