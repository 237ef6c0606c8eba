package dev.switchboard.edge.socket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.spi.context.storage.AccessMode;

/**
 * Lets go of what an admitted upgrade request leaves on its socket, the moment the handshake writes
 * its {@code 101 Switching Protocols}, then leaves the pipeline.
 *
 * <p>What it lets go of, both kept for the socket's life and read by nothing after the handshake:
 *
 * <ul>
 *   <li>The request's headers: Vert.x keeps them (its {@code ServerWebSocket.headers()} is that
 *       map), and Quarkus WebSockets Next copies them into the connection's handshake request right
 *       after the upgrade. Quarkus has no switch for the copy and makes it in the same call that
 *       does the handshake, so there is no public hook between the two; but the handshake reads the
 *       headers (key, version, subprotocol) before it writes its response, and Quarkus copies them
 *       after that write. Emptied at the write, Vert.x keeps an empty map and Quarkus copies
 *       nothing (an empty {@code Map.copyOf} is the JDK's shared empty map).
 *   <li>The local map of the request's Vert.x context, which becomes the socket's context: it holds
 *       Quarkus's "safe context" flag for the HTTP request (and held the admission until the
 *       upgrade check took it), a {@code ConcurrentHashMap} with its table. The endpoint's
 *       callbacks run on the connection's own context, which Quarkus marks safe itself.
 * </ul>
 *
 * <p>If a later Quarkus copied the headers before the handshake's response, its copy would simply
 * hold them again, and a later Vert.x that kept its locals elsewhere would keep them: nothing else
 * changes ({@code SocketRetentionTest} and {@code BrowserHandshakeTest} pin both on this version).
 * Reaches the pipeline as {@link ViolationCloser} does, and the context's locals through Vert.x's
 * {@link ContextInternal} (internal API, as {@link ConnectionBase}); on another connection or
 * context type it does nothing.
 */
final class HandshakeRelease extends ChannelOutboundHandlerAdapter {

  static final String NAME = "switchboard-handshake-release";

  private MultiMap headers;
  private Context requestContext;

  private HandshakeRelease(MultiMap headers, Context requestContext) {
    this.headers = headers;
    this.requestContext = requestContext;
  }

  /**
   * Puts the handler on an admitted upgrade's connection, behind the HTTP encoder, where the
   * handshake's response passes.
   *
   * @param requestContext the request's Vert.x context (the caller's), whose locals go too
   * @return whether it is on the connection
   */
  static boolean install(HttpConnection connection, MultiMap headers, Context requestContext) {
    if (!(connection instanceof ConnectionBase base)) {
      return false;
    }
    ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
    if (pipeline.lastContext() == null) {
      return false;
    }
    if (pipeline.get(NAME) != null) {
      // An earlier upgrade request of this HTTP/1 connection was admitted but never answered.
      pipeline.remove(NAME);
    }
    pipeline.addBefore(
        pipeline.lastContext().name(), NAME, new HandshakeRelease(headers, requestContext));
    return true;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    if (!(msg instanceof HttpResponse response)) {
      ctx.write(msg, promise);
      return;
    }
    if (response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
      headers.clear();
      // Only a request's own duplicated context: an event loop's context is shared by every
      // connection on it.
      if (requestContext instanceof ContextInternal context
          && VertxContext.isDuplicatedContext(context)) {
        context.removeLocal(ContextInternal.LOCAL_MAP, AccessMode.CONCURRENT);
      }
    }
    headers = null;
    requestContext = null;
    ctx.write(msg, promise);
    ctx.pipeline().remove(this);
  }
}
