/**
 * The client protocol as data: the frames the edge sends, parsed without throwing ({@link
 * dev.switchboard.client.protocol.ServerFrame}, {@link dev.switchboard.client.protocol.Welcome}),
 * and the frames the client sends ({@link dev.switchboard.client.protocol.ClientFrame}). Pure: no
 * sockets.
 */
package dev.switchboard.client.protocol;
