package dev.switchboard.bench.floor;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.OpenConnections;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Pings every open socket every {@code floor.ping-seconds}, from one instance-wide timer as the
 * vertx-floor and the edge's HeartbeatLoop do. WebSockets Next's own auto-ping-interval is not
 * used: it would start a timer per connection, a per-connect cost neither of the others pays.
 */
@ApplicationScoped
public class FloorPings {

  private static final Buffer PING = Buffer.buffer("p");

  void start(
      @Observes StartupEvent event,
      Vertx vertx,
      OpenConnections connections,
      @ConfigProperty(name = "floor.ping-seconds", defaultValue = "30") int pingSeconds) {
    vertx.setPeriodic(
        pingSeconds * 1000L,
        id ->
            connections.forEach(
                socket -> socket.sendPing(PING).subscribe().with(ok -> {}, failure -> {})));
  }
}
