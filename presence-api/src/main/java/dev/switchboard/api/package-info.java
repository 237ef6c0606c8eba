/**
 * The presence-api's settings, their one start-up validator, and service-wide wiring (metrics).
 * Resources, reads and auth live in the sub-packages; nothing here speaks Redis.
 */
package dev.switchboard.api;
