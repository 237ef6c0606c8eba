/**
 * What operators see of the edge: Prometheus metrics, the readiness check and the structured log
 * fields. It reads the edge's state; it decides nothing about sockets or presence.
 */
package dev.switchboard.edge.observe;
