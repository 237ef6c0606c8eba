package dev.switchboard.bench.floor;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code GET /q/health/ready}, the edge's readiness path, answered without SmallRye Health: the
 * floor has nothing to check once it listens.
 */
@ApplicationScoped
public class FloorReadiness {

  void routes(@Observes Router router) {
    router
        .get("/q/health/ready")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("content-type", "application/json")
                    .end("{\"status\":\"UP\"}"));
  }
}
