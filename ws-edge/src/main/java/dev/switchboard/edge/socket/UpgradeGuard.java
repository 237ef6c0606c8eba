package dev.switchboard.edge.socket;

import dev.switchboard.edge.auth.AuthResult;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.lifecycle.EdgeState;
import dev.switchboard.edge.limits.PendingClaims;
import dev.switchboard.edge.limits.PerIpConnections;
import dev.switchboard.edge.limits.TokenBucket;
import dev.switchboard.edge.observe.EdgeMetrics;
import dev.switchboard.edge.socket.HandshakeKeys.Shed;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Decides before the upgrade: draining or Redis down (503 + Retry-After), identity (401, 403, 400),
 * per-IP cap (429). Refused requests never open a socket. The admission rate limit and the
 * pending-claims limit let the upgrade through but mark it, so that the endpoint closes it with
 * 1013 and a retry hint that browser code can read (an HTTP status of a failed upgrade is invisible
 * to it).
 */
@ApplicationScoped
public class UpgradeGuard implements HttpUpgradeCheck {

  private static final Logger LOG = Logger.getLogger(UpgradeGuard.class);

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
    return Uni.createFrom().item(decide(context));
  }

  private CheckResult decide(HttpUpgradeContext context) {
    HttpServerRequest request = context.httpRequest();
    if (state.isDraining()) {
      metrics.connect("draining");
      return refuse(503, "draining", 1);
    }
    long now = System.nanoTime();
    if (state.redisDownForNanos(now) > settings.edge().redis().grace().toNanos()
        || !state.isRegistered()) {
      metrics.connect("not_ready");
      return refuse(503, "presence store unavailable", 5);
    }
    if (local.size() >= settings.edge().limits().maxConnections()) {
      metrics.connect("instance_full");
      return refuse(503, "instance full", 5);
    }
    AuthResult auth =
        settings
            .authenticator()
            .authenticate(
                Optional.ofNullable(request.getHeader("Authorization")),
                Optional.ofNullable(request.query()),
                request.headers().getAll("Sec-WebSocket-Protocol"),
                System.currentTimeMillis());
    if (auth instanceof AuthResult.Rejected rejected) {
      metrics.connect(
          rejected.status() == 401
              ? "unauthorized"
              : rejected.status() == 403 ? "forbidden" : "bad_request");
      LOG.debugf("upgrade refused %d: %s", rejected.status(), rejected.reason());
      return CheckResult.rejectUpgradeSync(
          rejected.status(), Map.of("X-Switchboard-Reason", List.of(rejected.reason())));
    }
    AuthResult.Authenticated who = (AuthResult.Authenticated) auth;
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
      metrics.connect("per_ip_limit");
      return refuse(429, "too many connections from " + ip, 10);
    }
    context.userData().put(HandshakeKeys.DEVICE, who.device());
    context.userData().put(HandshakeKeys.REMOTE_IP, ip);
    if (!client.equals(peer)) {
      context.userData().put(HandshakeKeys.CLIENT_ADDR, client);
    }
    who.expiresAtMs().ifPresent(exp -> context.userData().put(HandshakeKeys.TOKEN_EXPIRES_MS, exp));
    if (pendingClaims.isFull()) {
      long retryMs = settings.reconnect().shedRetryMs(ThreadLocalRandom.current().nextDouble());
      context
          .userData()
          .put(HandshakeKeys.SHED, new Shed(SocketEnd.OVERLOADED, "overloaded", retryMs));
    } else if (!admission.tryAcquire(now)) {
      long retryMs = Math.max(1, admission.millisUntilNextToken(now));
      context
          .userData()
          .put(HandshakeKeys.SHED, new Shed(SocketEnd.ADMISSION_LIMIT, "admission_limit", retryMs));
    }
    ViolationCloser.install(request.connection(), settings.edge().limits().maxMessageSize());
    return CheckResult.permitUpgradeSync();
  }

  /** Takes the per-IP slot of a socket that opened. */
  public void opened(String ip) {
    perIp.opened(ip);
  }

  /** Frees the per-IP slot of a socket that closed. */
  public void released(String ip) {
    perIp.release(ip);
  }

  private static CheckResult refuse(int status, String reason, int retryAfterSeconds) {
    return CheckResult.rejectUpgradeSync(
        status,
        Map.of(
            "Retry-After", List.of(Integer.toString(retryAfterSeconds)),
            "X-Switchboard-Reason", List.of(reason)));
  }
}
