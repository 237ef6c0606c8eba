package dev.switchboard.core.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings shared by every Switchboard service; each service adds its own under its own prefix. */
@ConfigMapping(prefix = "switchboard")
public interface SwitchboardConfig {

  /** Prefix of every Redis key and channel; give each Switchboard sharing a Redis its own. */
  @WithDefault("sb:")
  String keyPrefix();

  /** Instance leases. */
  Lease lease();

  /** The presence event stream. */
  Events events();

  /** Redis access. */
  RedisAccess redis();

  /** Log output. */
  Log log();

  /** Durable delivery: per-device outboxes. */
  Delivery delivery();

  /** Instance lease settings. */
  interface Lease {
    /** How long a heartbeat stays valid; past it the instance's devices read offline (stale). */
    @WithDefault("15s")
    Duration ttl();

    /** How often an edge renews its lease; must be at most half the TTL. */
    @WithDefault("5s")
    Duration heartbeat();
  }

  /** Event stream settings. */
  interface Events {
    /** Approximate cap on the stream's length ({@code XADD MAXLEN ~}). */
    @WithDefault("100000")
    long maxLength();
  }

  /** Durable delivery settings (per-device outboxes). */
  interface Delivery {
    /** Most messages waiting in one device's outbox; a store beyond it answers 429. */
    @WithDefault("1000")
    int maxMessages();

    /** Most payload bytes waiting in one device's outbox; a store beyond it answers 429. */
    @WithDefault("1048576")
    long maxBytes();

    /** TTL of a message sent without {@code ?ttl=}; at most 24 h. */
    @WithDefault("5m")
    Duration defaultTtl();

    /**
     * Replicas that must confirm a stored message ({@code WAIT}) before the API answers 202; 0 does
     * not wait. When fewer confirm within {@link #replicaTimeout()}, the API answers 503.
     */
    @WithDefault("0")
    int minReplicas();

    /** How long a store waits for {@link #minReplicas()} confirmations. */
    @WithDefault("500ms")
    Duration replicaTimeout();
  }

  /** Redis access settings. */
  interface RedisAccess {
    /** How long one Redis call (or pipelined batch) may take before it fails. */
    @WithDefault("2s")
    Duration timeout();

    /**
     * How long Redis may go unanswered before the presence-api and the sweeper report not ready
     * (the edge has its own, {@code switchboard.edge.redis.grace}).
     */
    @WithDefault("10s")
    Duration grace();
  }

  /** Log output settings. */
  interface Log {
    /** One JSON object per log record on the console instead of the text format. */
    @WithDefault("false")
    boolean json();
  }
}
