package dev.switchboard.bench;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.impl.WebSocketImplBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens WebSockets from many loopback source addresses (127.0.0.2, 127.0.0.3, ...), one Vert.x
 * client per address, so that no (source, destination) pair runs out of ephemeral ports and no edge
 * sees one address holding every connection.
 */
final class Fleet implements AutoCloseable {

  final Vertx vertx;
  private final Context loop;
  private final List<WebSocketClient> clients = new ArrayList<>();
  private final AtomicLong next = new AtomicLong();

  Fleet(int sourceAddresses, int firstSourceOctet, int eventLoops) {
    if (eventLoops != 1) {
      // onLoop opens every socket on one context: a second loop would sit idle
      throw new IllegalArgumentException("a fleet runs on one event loop, not " + eventLoops);
    }
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
    this.loop = vertx.getOrCreateContext();
    for (int i = 0; i < sourceAddresses; i++) {
      clients.add(
          vertx.createWebSocketClient(
              new WebSocketClientOptions()
                  .setLocalAddress(sourceAddress(firstSourceOctet + i))
                  .setMaxConnections(1_000_000)
                  .setConnectTimeout(30_000)
                  .setTryUsePerMessageCompression(false)));
    }
  }

  /** 127.0.0.x for x in 2..254, then 127.0.1.x, ... */
  static String sourceAddress(int n) {
    return "127.0." + (n / 253) + "." + (2 + n % 253);
  }

  /** Runs {@code task} on the fleet's event loop (the fleets here have one). */
  void onLoop(Runnable task) {
    loop.runOnContext(v -> task.run());
  }

  /** Opens a socket with a bearer token for {@code device}; the client protocol is the caller's. */
  Future<WebSocket> open(Target target, String device, String token) {
    WebSocketClient client = clients.get((int) (next.getAndIncrement() % clients.size()));
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost(target.host())
            .setPort(target.port())
            .setURI(target.path() + (token == null ? "?device=" + device : ""));
    if (token != null) {
      options.addHeader("Authorization", "Bearer " + token);
    }
    return client.connect(options);
  }

  /** Drops the TCP connection with a reset: no close frame, as when a phone loses its network. */
  static void reset(WebSocket ws) {
    Channel channel = ((WebSocketImplBase<?>) ws).channelHandlerContext().channel();
    channel
        .eventLoop()
        .execute(
            () -> {
              if (channel.isActive()) {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
                channel.close();
              }
            });
  }

  /**
   * Stops reading: pings go unanswered and nothing is sent, as when a device's packets are dropped.
   */
  static void silence(WebSocket ws) {
    Channel channel = ((WebSocketImplBase<?>) ws).channelHandlerContext().channel();
    channel.eventLoop().execute(() -> channel.config().setAutoRead(false));
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort at exit
    }
  }
}
