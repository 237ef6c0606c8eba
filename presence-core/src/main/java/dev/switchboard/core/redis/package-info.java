/**
 * The Redis schema and its mechanics: the only code that builds key names, holds and runs the Lua
 * scripts, shares connections, reads replies and decides what a Redis failure means. Nothing here
 * knows HTTP, WebSockets or a particular service.
 */
package dev.switchboard.core.redis;
