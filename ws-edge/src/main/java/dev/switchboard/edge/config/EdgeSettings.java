package dev.switchboard.edge.config;

import dev.switchboard.core.config.ConfigProblems;
import dev.switchboard.core.config.InvalidConfigException;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.model.FlapLimit;
import dev.switchboard.core.model.Owner;
import dev.switchboard.core.model.TakeoverPolicy;
import dev.switchboard.edge.auth.Authenticator;
import dev.switchboard.edge.auth.TokenVerifiers;
import dev.switchboard.edge.lifecycle.EdgeIdentity;
import dev.switchboard.edge.lifecycle.HeartbeatPolicy;
import dev.switchboard.edge.observe.LogFields;
import dev.switchboard.edge.protocol.ReconnectPolicy;
import dev.switchboard.edge.socket.TrustedProxies;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The edge's validated settings and identity, built once at start-up. Invalid settings stop the
 * process with a message naming every bad key.
 */
@Singleton
public class EdgeSettings {

  private static final Logger LOG = Logger.getLogger(EdgeSettings.class);

  private final EdgeConfig edge;
  private final SwitchboardConfig shared;
  private final Owner owner;
  private final TakeoverPolicy policy;
  private final FlapLimit flapLimit;
  private final ReconnectPolicy reconnect;
  private final HeartbeatPolicy heartbeat;
  private final Authenticator authenticator;
  private final TrustedProxies trustedProxies;

  public EdgeSettings(EdgeConfig edge, AuthConfig auth, SwitchboardConfig shared, Vertx vertx) {
    List<String> problems = new ArrayList<>(ConfigProblems.of(shared));
    problems.addAll(
        EdgeConfigProblems.of(
            edge,
            auth,
            org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.idle-timeout", java.time.Duration.class)));
    InvalidConfigException.throwIfAny(problems);
    this.edge = edge;
    this.shared = shared;
    this.owner = EdgeIdentity.owner(edge.pod().name(), edge.pod().uid(), edge.pod().node());
    LogFields.instance(owner.inst());
    this.policy = TakeoverPolicy.fromWireName(edge.takeover().policy());
    this.flapLimit = new FlapLimit(edge.takeover().window(), edge.takeover().max());
    this.reconnect =
        ReconnectPolicy.fullJitter(
            edge.reconnect().base().toMillis(), edge.reconnect().max().toMillis());
    this.trustedProxies = TrustedProxies.parse(edge.proxy().trusted().orElse(java.util.List.of()));
    this.heartbeat =
        HeartbeatPolicy.of(
            edge.heartbeat().interval().toNanos(),
            edge.heartbeat().timeout().toNanos(),
            edge.heartbeat().tick().toNanos());
    this.authenticator =
        "none".equals(auth.mode())
            ? Authenticator.none()
            : Authenticator.jwt(TokenVerifiers.fromConfig(auth, vertx));
  }

  /**
   * Says who this edge is once the log format is set (the bean itself is built while Quarkus starts
   * its HTTP server, before {@code switchboard.log.json} takes effect).
   */
  void announce(@Observes @Priority(2) StartupEvent event, AuthConfig auth, Vertx vertx) {
    if ("none".equals(auth.mode())) {
      LOG.warn(
          "AUTHENTICATION IS OFF (switchboard.auth.mode=none): any client can connect as any device"
              + " with ?device=<id>. Use this for local runs only.");
    }
    LOG.infof(
        "edge instance %s on pod %s (uid %s, node %s), takeover policy %s",
        owner.inst(), owner.pod(), owner.podUid(), owner.node(), policy.wireName());
    LOG.info(transport(vertx));
  }

  /** Which socket transport Vert.x runs on; NIO is the fallback where epoll cannot load. */
  static String transport(Vertx vertx) {
    if (vertx.isNativeTransportEnabled()) {
      return "network transport: native (epoll)";
    }
    Throwable cause =
        vertx.unavailableNativeTransportCause() != null
            ? vertx.unavailableNativeTransportCause()
            : io.netty.channel.epoll.Epoll.unavailabilityCause();
    return "network transport: NIO"
        + (cause == null ? "" : " (native transport unavailable: " + cause + ")");
  }

  public EdgeConfig edge() {
    return edge;
  }

  public SwitchboardConfig shared() {
    return shared;
  }

  public Owner owner() {
    return owner;
  }

  public String inst() {
    return owner.inst();
  }

  public TakeoverPolicy policy() {
    return policy;
  }

  public FlapLimit flapLimit() {
    return flapLimit;
  }

  public ReconnectPolicy reconnect() {
    return reconnect;
  }

  public HeartbeatPolicy heartbeat() {
    return heartbeat;
  }

  /** The proxies whose forwarding headers name the client. */
  public TrustedProxies trustedProxies() {
    return trustedProxies;
  }

  public Authenticator authenticator() {
    return authenticator;
  }
}
