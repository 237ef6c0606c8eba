package dev.switchboard.core.model;

/**
 * The outcome of an instance heartbeat.
 *
 * @param heartbeatMs the heartbeat time, ms since the Unix epoch (Redis clock)
 * @param leaseWasMissing the instance had no lease: Redis lost its data or a sweeper judged it
 *     dead, so the instance must re-register and reclaim its sockets
 */
public record LeaseRenewal(long heartbeatMs, boolean leaseWasMissing) {}
