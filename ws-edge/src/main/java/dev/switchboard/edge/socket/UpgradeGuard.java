package dev.switchboard.edge.socket;

import dev.switchboard.edge.auth.AuthResult;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.lifecycle.EdgeState;
import dev.switchboard.edge.limits.PendingClaims;
import dev.switchboard.edge.limits.PerIpConnections;
import dev.switchboard.edge.limits.TokenBucket;
import dev.switchboard.edge.observe.ConnectResult;
import dev.switchboard.edge.observe.EdgeMetrics;
import dev.switchboard.edge.socket.HandshakeKeys.Shed;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Decides before the upgrade: draining or Redis down (503 + Retry-After), identity (401, 403, 400),
 * per-IP cap (429). Refused requests never open a socket. The admission rate limit and the
 * pending-claims limit let the upgrade through but mark it, so that the endpoint closes it with
 * 1013 and a retry hint that browser code can read (an HTTP status of a failed upgrade is invisible
 * to it).
 *
 * <p>{@link UpgradeRoute} asks first, so that a refusal can carry a problem body (a Quarkus upgrade
 * check can only set a status and headers), and leaves the admission in the request's context; as
 * the upgrade check, this class hands that admission to the endpoint. A request that reached the
 * check without passing the route is decided here, and refused with headers only.
 */
@ApplicationScoped
public class UpgradeGuard implements HttpUpgradeCheck {

  private static final Logger LOG = Logger.getLogger(UpgradeGuard.class);

  /** Where {@link UpgradeRoute} leaves an admission for the upgrade check of the same request. */
  static final String ADMISSION = "switchboard.admission";

  private static final Refusal OVER_HTTP_2 =
      Refusal.fatal(
          400,
          ConnectResult.BAD_REQUEST,
          "WebSocket connections need HTTP/1.1; this request came over HTTP/2");

  private final EdgeSettings settings;
  private final EdgeState state;
  private final EdgeMetrics metrics;
  private final LocalConnections local;
  private final PerIpConnections perIp;
  private final TokenBucket admission;
  private final PendingClaims pendingClaims;

  public UpgradeGuard(
      EdgeSettings settings,
      EdgeState state,
      EdgeMetrics metrics,
      LocalConnections local,
      PendingClaims pendingClaims) {
    this.settings = settings;
    this.pendingClaims = pendingClaims;
    this.state = state;
    this.metrics = metrics;
    this.local = local;
    this.perIp = new PerIpConnections(settings.edge().limits().perIpConnections());
    this.admission =
        new TokenBucket(
            settings.edge().limits().admissionRate(),
            settings.edge().limits().admissionBurst(),
            System.nanoTime());
  }

  @Override
  public boolean appliesTo(String endpointId) {
    return EdgeEndpoint.ENDPOINT_ID.equals(endpointId);
  }

  @Override
  public Uni<CheckResult> perform(HttpUpgradeContext context) {
    Optional<Admission> decided = ContextLocals.<Admission>get(ADMISSION);
    if (decided.isPresent()) {
      ContextLocals.remove(ADMISSION);
      decided.get().applyTo(context.userData());
      return CheckResult.permitUpgrade();
    }
    return decide(context.httpRequest())
        .map(
            decision -> {
              if (decision instanceof Refusal refusal) {
                return CheckResult.rejectUpgradeSync(refusal.status(), refusal.headers());
              }
              ((Admission) decision).applyTo(context.userData());
              return CheckResult.permitUpgradeSync();
            });
  }

  /**
   * Decides one upgrade request, at once unless its token names a key a JWKS fetch may bring (then
   * after that fetch, back on the caller's Vert.x context). An admitted request's connection gets
   * the {@link ViolationCloser}, before the upgrade, because the first frame can arrive before
   * {@code @OnOpen} runs, and loses the HTTP idle timeout, which the heartbeat replaces ({@link
   * HttpIdleTimeout}).
   *
   * <p>An HTTP/2 request is refused first: Vert.x 4 upgrades only HTTP/1.x requests (it has no
   * WebSockets over HTTP/2, RFC 8441), and an HTTP/2 stream's connection is the one every stream of
   * it shares, so those handlers would act on all of them.
   */
  public Uni<UpgradeDecision> decide(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      return Uni.createFrom().item(refused(OVER_HTTP_2));
    }
    Optional<Refusal> early = refuseEarly();
    if (early.isPresent()) {
      return Uni.createFrom().item(early.get());
    }
    AuthResult auth =
        settings
            .authenticator()
            .authenticate(
                Optional.ofNullable(request.getHeader("Authorization")),
                Optional.ofNullable(request.query()),
                request.headers().getAll("Sec-WebSocket-Protocol"),
                System.currentTimeMillis());
    if (auth instanceof AuthResult.Pending pending) {
      Context context = Vertx.currentContext();
      return Uni.createFrom()
          .completionStage(pending.outcome())
          .emitOn(command -> onContext(context, command))
          .map(outcome -> decideAuthenticated(request, outcome));
    }
    return Uni.createFrom().item(decideAuthenticated(request, auth));
  }

  /** Refusals that need no credentials: draining, not ready, full. */
  private Optional<Refusal> refuseEarly() {
    if (state.isDraining()) {
      return Optional.of(refused(Refusal.retryable(503, ConnectResult.DRAINING, "draining", 1)));
    }
    if (state.redisDownForNanos(System.nanoTime()) > settings.edge().redis().grace().toNanos()
        || !state.isRegistered()) {
      return Optional.of(
          refused(
              Refusal.retryable(503, ConnectResult.NOT_READY, "presence store unavailable", 5)));
    }
    if (local.size() >= settings.edge().limits().maxConnections()) {
      return Optional.of(
          refused(Refusal.retryable(503, ConnectResult.INSTANCE_FULL, "instance full", 5)));
    }
    return Optional.empty();
  }

  private UpgradeDecision decideAuthenticated(HttpServerRequest request, AuthResult auth) {
    if (!(auth instanceof AuthResult.Authenticated who)) {
      AuthResult.Rejected rejected =
          auth instanceof AuthResult.Rejected r
              ? r
              : new AuthResult.Rejected(401, "token key still unknown; retry");
      LOG.debugf("upgrade refused %d: %s", rejected.status(), rejected.reason());
      return refused(
          Refusal.fatal(
              rejected.status(),
              rejected.status() == 401
                  ? ConnectResult.UNAUTHORIZED
                  : rejected.status() == 403 ? ConnectResult.FORBIDDEN : ConnectResult.BAD_REQUEST,
              rejected.reason()));
    }
    String peer =
        request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    String client =
        ClientAddress.resolve(
            peer,
            request.headers().getAll("Forwarded"),
            request.headers().getAll("X-Forwarded-For"),
            settings.trustedProxies());
    String ip = ClientAddress.limitKey(client);
    if (perIp.isFull(ip)) {
      return refused(
          Refusal.retryable(
              429, ConnectResult.PER_IP_LIMIT, "too many connections from " + ip, 10));
    }
    ViolationCloser.install(request.connection(), settings.edge().limits().maxMessageSize());
    HandshakeRelease.install(request.connection(), request.headers(), Vertx.currentContext());
    HttpIdleTimeout.removeFrom(request.connection());
    return new Admission(
        who.device(),
        ip,
        client.equals(peer) ? Optional.empty() : Optional.of(client),
        who.expiresAtMs(),
        shed(System.nanoTime()));
  }

  private static void onContext(Context context, Runnable command) {
    if (context == null || Vertx.currentContext() == context) {
      command.run();
    } else {
      context.runOnContext(v -> command.run());
    }
  }

  /** Admitted but over the pending-claims or admission limit: the endpoint closes it with 1013. */
  private Optional<Shed> shed(long now) {
    if (pendingClaims.isFull()) {
      long retryMs = settings.reconnect().shedRetryMs(ThreadLocalRandom.current().nextDouble());
      return Optional.of(new Shed(SocketEnd.OVERLOADED, ConnectResult.OVERLOADED, retryMs));
    }
    if (!admission.tryAcquire(now)) {
      long retryMs = Math.max(1, admission.millisUntilNextToken(now));
      return Optional.of(
          new Shed(SocketEnd.ADMISSION_LIMIT, ConnectResult.ADMISSION_LIMIT, retryMs));
    }
    return Optional.empty();
  }

  /** Every refusal is counted (and summed up in the refusal log) on its way out. */
  private Refusal refused(Refusal refusal) {
    metrics.connect(refusal.result());
    return refusal;
  }

  /** Takes the per-IP slot of a socket that opened. */
  public void opened(String ip) {
    perIp.opened(ip);
  }

  /** Frees the per-IP slot of a socket that closed. */
  public void released(String ip) {
    perIp.release(ip);
  }
}
