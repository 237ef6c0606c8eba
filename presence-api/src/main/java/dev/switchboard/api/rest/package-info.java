/**
 * The HTTP resources under {@code /v1} and the mapping of every failure to problem+json. Resources
 * validate input and call presence-core's stores or the {@code read} package; they build no Redis
 * commands or keys and decide no Redis failure themselves ({@code RedisFailures} does).
 */
package dev.switchboard.api.rest;
