/**
 * The sweeper's typed settings and their one start-up validator. The shared settings (key prefix,
 * lease TTL) live in presence-core, not here; no other class validates configuration.
 */
package dev.switchboard.sweeper.config;
