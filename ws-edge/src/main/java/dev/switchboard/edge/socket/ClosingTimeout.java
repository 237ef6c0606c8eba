package dev.switchboard.edge.socket;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * After the server sends a close frame, a dead peer never answers it; Vert.x would keep the TCP
 * socket for 10 s. Presence is released before the close anyway, so the socket can go sooner.
 */
@ApplicationScoped
public class ClosingTimeout implements HttpServerOptionsCustomizer {

  static final int SECONDS = 2;

  @Override
  public void customizeHttpServer(HttpServerOptions options) {
    options.setWebSocketClosingTimeout(SECONDS);
  }
}
