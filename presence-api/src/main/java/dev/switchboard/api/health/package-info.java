/** The presence-api's readiness: from what it last heard from Redis, never by waiting on it. */
package dev.switchboard.api.health;
