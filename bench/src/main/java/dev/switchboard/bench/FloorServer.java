package dev.switchboard.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The JVM's floor: a bare Vert.x WebSocket server with no presence, no auth, no Redis. It sends the
 * same {@code welcome} frame and pings every socket at the same interval as an edge.
 */
@Command(
    name = "floor-server",
    mixinStandardHelpOptions = true,
    description = "bare Vert.x WebSocket server (the JVM floor)")
final class FloorServer implements Callable<Integer> {

  @Option(names = "--port", required = true)
  int port;

  @Option(names = "--ping-seconds", defaultValue = "30")
  int pingSeconds;

  @Option(
      names = "--native-transport",
      arity = "1",
      defaultValue = "true",
      description = "Netty's epoll transport where it loads, as the edge prefers (false: NIO)")
  boolean nativeTransport;

  @Override
  public Integer call() throws Exception {
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions().setEventLoopPoolSize(2).setPreferNativeTransport(nativeTransport));
    Set<ServerWebSocket> sockets = ConcurrentHashMap.newKeySet();
    vertx
        .createHttpServer(
            new HttpServerOptions()
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false))
        .webSocketHandler(
            ws -> {
              sockets.add(ws);
              ws.closeHandler(v -> sockets.remove(ws));
              ws.textMessageHandler(
                  text -> {
                    if (text.contains("\"ping\"")) {
                      ws.writeTextMessage("{\"type\":\"pong\"}");
                    }
                  });
              ws.writeTextMessage("{\"type\":\"welcome\",\"device\":\"floor\"}");
            })
        .requestHandler(request -> request.response().end("{\"status\":\"UP\"}"))
        .listen(port, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get();
    Buffer ping = Buffer.buffer("p");
    vertx.setPeriodic(pingSeconds * 1000L, t -> sockets.forEach(ws -> ws.writePing(ping)));
    System.out.println(
        "floor-server listening on "
            + port
            + (vertx.isNativeTransportEnabled() ? " (native transport)" : " (NIO)"));
    Thread.currentThread().join();
    return 0;
  }
}
