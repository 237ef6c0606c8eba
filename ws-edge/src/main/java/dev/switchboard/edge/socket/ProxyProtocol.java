package dev.switchboard.edge.socket;

import dev.switchboard.edge.config.EdgeConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns on Vert.x's PROXY-protocol decoder when {@code switchboard.edge.proxy.protocol} is set:
 * Vert.x then reads the header before HTTP and reports its source address as the connection's
 * remote address, which {@link ClientAddress} takes as the peer. Never turns it off: Quarkus's own
 * {@code quarkus.http.proxy.use-proxy-protocol} may have set it.
 */
@ApplicationScoped
public class ProxyProtocol implements HttpServerOptionsCustomizer {

  private final EdgeConfig config;

  public ProxyProtocol(EdgeConfig config) {
    this.config = config;
  }

  @Override
  public void customizeHttpServer(HttpServerOptions options) {
    if (config.proxy().protocol()) {
      options.setUseProxyProtocol(true);
    }
  }
}
