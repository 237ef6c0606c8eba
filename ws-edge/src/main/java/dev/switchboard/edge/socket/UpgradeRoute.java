package dev.switchboard.edge.socket;

import io.smallrye.common.vertx.ContextLocals;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the upgrade guard ahead of Quarkus's WebSocket handler on {@code /v1/connect}, because a
 * Quarkus upgrade check can refuse only with a status and headers (its {@code CheckResult} has no
 * body, and Quarkus ends the response itself). Here a refusal is written whole: status, {@code
 * X-Switchboard-Reason}, {@code Retry-After} and the problem body. An admission is left in the
 * request's Vert.x context for the upgrade check, which hands it to the endpoint; the request then
 * goes on to Quarkus's handler. HTTP/1.x requests that are not WebSocket upgrades (no {@code
 * Sec-WebSocket-Key}, as Quarkus tells them apart) pass untouched; every HTTP/2 request is refused
 * with 400 by the guard.
 */
@ApplicationScoped
public class UpgradeRoute {

  /** Before the WebSocket route, which Quarkus registers with the default order. */
  static final int ORDER = -100;

  private final UpgradeGuard guard;
  private final boolean compression;

  public UpgradeRoute(
      UpgradeGuard guard,
      @ConfigProperty(
              name = "quarkus.websockets-next.server.per-message-compression-supported",
              defaultValue = "true")
          boolean compression) {
    this.guard = guard;
    this.compression = compression;
  }

  void register(@Observes Router router) {
    router.route(EdgeEndpoint.PATH).order(ORDER).handler(this::handle);
  }

  private void handle(RoutingContext rc) {
    // an HTTP/2 request cannot become a WebSocket (Quarkus's handler left such a handshake
    // unanswered): the guard refuses it whole
    if (!rc.request().headers().contains("Sec-WebSocket-Key")
        && rc.request().version() != HttpVersion.HTTP_2) {
      rc.next();
      return;
    }
    guard.decide(rc.request()).subscribe().with(decision -> answer(rc, decision), rc::fail);
  }

  private void answer(RoutingContext rc, UpgradeDecision decision) {
    if (decision instanceof Refusal refusal) {
      HttpServerResponse response = rc.response().setStatusCode(refusal.status());
      refusal.headers().forEach(response::putHeader);
      response.putHeader("Content-Type", Refusal.CONTENT_TYPE).end(refusal.problem().encode());
      return;
    }
    ContextLocals.put(UpgradeGuard.ADMISSION, (Admission) decision);
    // The token and the browser's other headers have done their work. Vert.x keeps the request's
    // headers for the socket's life, and Quarkus copies them into the connection's handshake
    // request after the upgrade: without this, every socket kept its token and the rest to the end.
    HandshakeHeaders.trim(rc.request().headers(), compression);
    rc.next();
  }
}
