/**
 * The loop mode: leader election on a coordination.k8s.io Lease, the periodic run, and its
 * Prometheus metrics. No sweep logic and no Redis access here.
 */
package dev.switchboard.sweeper.loop;
