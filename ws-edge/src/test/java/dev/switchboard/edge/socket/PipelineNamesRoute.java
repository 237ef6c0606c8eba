package dev.switchboard.edge.socket;

import io.vertx.core.json.JsonArray;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Test only: answers with the names of the handlers on the asking request's connection's Netty
 * pipeline (for HTTP/2, the pipeline that every stream of the connection shares).
 */
@ApplicationScoped
public class PipelineNamesRoute {

  static final String PATH = "/test/pipeline-names";

  void register(@Observes Router router) {
    router
        .get(PATH)
        .handler(
            rc -> {
              ConnectionBase connection = (ConnectionBase) rc.request().connection();
              rc.response()
                  .putHeader("Content-Type", "application/json")
                  .end(
                      new JsonArray(connection.channelHandlerContext().pipeline().names())
                          .encode());
            });
  }
}
