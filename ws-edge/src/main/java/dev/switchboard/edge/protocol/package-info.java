/**
 * The client protocol as data: the frames a client sends (parsed, never throwing), the frames and
 * close codes the server sends, and the reconnect policy it announces. Pure: no sockets, no Redis,
 * no CDI.
 */
package dev.switchboard.edge.protocol;
