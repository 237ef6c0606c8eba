/**
 * The shared vocabulary as records and enums: entries, owners, claims, reclaims, sweeps, inbox
 * messages, events and their outcomes. Pure data and the rules on it (device ids, flap limits); no
 * Redis, no I/O, no CDI.
 */
package dev.switchboard.core.model;
