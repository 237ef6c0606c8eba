package dev.switchboard.edge.socket;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Takes {@code quarkus.http.idle-timeout} off a connection whose upgrade was admitted.
 *
 * <p>Vert.x puts an {@link IdleStateHandler} (with its scheduled timeout task) on every HTTP
 * connection, and it stays when the connection becomes a WebSocket: about 250 bytes of each idle
 * socket. Before the upgrade it is what cuts a request that never completes; once the upgrade is
 * admitted, the edge's own heartbeat ({@code switchboard.edge.heartbeat.*}) ends a socket that
 * stops answering, so the idle timeout only duplicated it. Reaches the pipeline the way {@link
 * ViolationCloser} does (one Vert.x internal, {@link ConnectionBase}); on another connection type
 * it leaves the handler in place.
 */
final class HttpIdleTimeout {

  /** The name Vert.x's {@code HttpServerWorker} gives the handler. */
  static final String HANDLER = "idle";

  private HttpIdleTimeout() {}

  /**
   * Removes the idle handler from an admitted upgrade's connection.
   *
   * @return whether there was one to remove
   */
  static boolean removeFrom(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      return false;
    }
    ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
    if (pipeline.get(HANDLER) instanceof IdleStateHandler) {
      pipeline.remove(HANDLER);
      return true;
    }
    return false;
  }
}
