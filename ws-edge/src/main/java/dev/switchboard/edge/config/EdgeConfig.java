package dev.switchboard.edge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the WebSocket edge. Shared settings (key prefix, lease) live in presence-core. */
@ConfigMapping(prefix = "switchboard.edge")
public interface EdgeConfig {

  /** Heartbeats and dead-peer detection. */
  Heartbeat heartbeat();

  /** Presence freshness. */
  Presence presence();

  /** Duplicate connections of one device. */
  Takeover takeover();

  /** Anti-entropy between open sockets and Redis. */
  Audit audit();

  /** Connection and traffic limits. */
  Limits limits();

  /** Behaviour while Redis is unreachable. */
  RedisOutage redis();

  /** Graceful shutdown. */
  Drain drain();

  /** The reconnect policy announced to clients in {@code welcome}. */
  Reconnect reconnect();

  /** Durable delivery from devices' outboxes. */
  Delivery delivery();

  /** The application version recorded with the instance. */
  @WithDefault("0.1.0")
  String version();

  /** Pod identity, from the Downward API; local fallbacks when absent. */
  Pod pod();

  /** Proxies in front of the edge (an ingress, a load balancer). */
  Proxy proxy();

  /** Which peers' forwarding headers name the client. */
  interface Proxy {
    /**
     * CIDR blocks of trusted proxies (e.g. the ingress controller's pod range); only their {@code
     * Forwarded}/{@code X-Forwarded-For} headers are believed. Empty: the socket peer is the
     * client, and forwarding headers are ignored.
     */
    Optional<java.util.List<String>> trusted();

    /**
     * Whether every connection opens with a PROXY-protocol header (v1 or v2), as an L4 load
     * balancer sends (an AWS NLB, HAProxy in TCP mode): its source address is the peer, for the
     * per-address cap and the entry's {@code addr}. Quarkus's {@code
     * quarkus.http.proxy.use-proxy-protocol} turns it on as well. A connection without the header
     * is then refused, so enable it only where every path to the edge sends one.
     */
    @WithDefault("false")
    boolean protocol();
  }

  /** Heartbeat settings. */
  interface Heartbeat {
    /** How often the server pings each connection. */
    @WithDefault("10s")
    Duration interval();

    /** No inbound frame for this long: the socket is force-closed and its entry released. */
    @WithDefault("20s")
    Duration timeout();

    /** How often the instance-wide sweep over connections runs (pings and timeouts). */
    @WithDefault("500ms")
    Duration tick();
  }

  /** Presence freshness settings. */
  interface Presence {
    /**
     * Each claimed connection is touched once per this interval (spread evenly over it): the bound
     * on healing a lost kick or a lost entry, and on the age of {@code seen}.
     */
    @WithDefault("60s")
    Duration touchInterval();
  }

  /** Takeover settings. */
  interface Takeover {
    /** {@code newest} (the newcomer wins) or {@code reject-new} (4409 while online). */
    @WithDefault("newest")
    String policy();

    /** Most takeovers of one device within the window before newcomers get 4429. */
    @WithDefault("5")
    int max();

    /** The flapping window. */
    @WithDefault("60s")
    Duration window();
  }

  /** Anti-entropy settings. */
  interface Audit {
    /** How often open sockets are compared with the instance's Redis index. */
    @WithDefault("60s")
    Duration interval();
  }

  /** Limits. */
  interface Limits {
    /**
     * Largest accepted inbound message (and so frame) in bytes; a larger one closes the socket with
     * 1009 and a reason naming this limit.
     */
    @WithDefault("65536")
    int maxMessageSize();

    /** Most open connections from one remote IP address; more are refused with 429. */
    @WithDefault("1000")
    int perIpConnections();

    /** Sustained admissions per second for this instance; beyond it upgrades get 503. */
    @WithDefault("2000")
    int admissionRate();

    /** Admissions allowed in a burst above the sustained rate. */
    @WithDefault("4000")
    int admissionBurst();

    /**
     * Claims waiting for Redis on this instance before newcomers are shed with 1013 and a retry
     * hint, instead of queueing behind claims that would time out.
     */
    @WithDefault("500")
    int maxPendingClaims();

    /** Outbound frames queued for one connection before it is cut off as a slow consumer. */
    @WithDefault("256")
    int outboundQueue();

    /** Most connections this instance holds; more are refused with 503. */
    @WithDefault("200000")
    int maxConnections();
  }

  /** Redis outage settings. */
  interface RedisOutage {
    /** Redis unreachable for longer than this: readiness goes DOWN (sockets stay up). */
    @WithDefault("10s")
    Duration grace();
  }

  /** Drain settings. */
  interface Drain {
    /** Reconnect hints and closes are spread uniformly over this window on SIGTERM. */
    @WithDefault("10s")
    Duration window();
  }

  /** Reconnect policy announced to clients. */
  interface Reconnect {
    /** Back-off base. */
    @WithDefault("1s")
    Duration base();

    /** Back-off cap. */
    @WithDefault("60s")
    Duration max();
  }

  /** Durable delivery settings. */
  interface Delivery {
    /**
     * Most durable messages sent to one connection and not yet acknowledged (1 to 1024, below
     * {@code limits.outbound-queue}); announced in {@code welcome}. The rest waits in Redis.
     */
    @WithDefault("32")
    int window();
  }

  /** Pod identity (Downward API environment). */
  interface Pod {
    /** Pod name ({@code POD_NAME}); the host name when absent. */
    Optional<String> name();

    /** Pod UID ({@code POD_UID}); a random local id when absent. */
    Optional<String> uid();

    /** Node name ({@code NODE_NAME}); the host name when absent. */
    Optional<String> node();
  }
}
