/**
 * The edge's configuration: typed {@code switchboard.edge.*} and {@code switchboard.auth.*}
 * mappings, the one start-up validator that names every bad key, and the validated settings the
 * rest of the edge reads. Settings shared by every service live in presence-core's {@code
 * core.config}.
 */
package dev.switchboard.edge.config;
