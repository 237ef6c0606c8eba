/**
 * The WebSocket surface of the edge: the {@code /v1/connect} endpoint, the checks that refuse an
 * upgrade before it happens, the registry of open sockets and the values that say how a socket
 * ended. Presence work (claims, releases, kicks, reclaims) is delegated to {@code edge.lifecycle};
 * nothing here touches Redis.
 */
package dev.switchboard.edge.socket;
