/**
 * What happens to a socket's presence and to the instance over time: claim and takeover, the one
 * way a socket closes, heartbeats, touches, reclaims, the audit, the instance lease, the inbox and
 * the drain on shutdown. Redis is reached only through presence-core's stores; the pure decisions
 * (heartbeat policy, drain plan) have no I/O.
 */
package dev.switchboard.edge.lifecycle;
