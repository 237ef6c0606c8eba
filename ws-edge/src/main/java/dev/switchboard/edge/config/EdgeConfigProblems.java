package dev.switchboard.edge.config;

import dev.switchboard.core.model.TakeoverPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Checks the edge settings, naming each bad key. Pure: tested without Quarkus. */
public final class EdgeConfigProblems {

  private EdgeConfigProblems() {}

  public static List<String> of(EdgeConfig edge, AuthConfig auth) {
    return of(edge, auth, java.util.Optional.empty());
  }

  /**
   * Also checks the HTTP idle timeout against the heartbeat: Vert.x closes a connection that
   * carried nothing for {@code quarkus.http.idle-timeout}, so with a longer heartbeat it silently
   * cuts live, idle sockets between two pings (the hold bench lost 87% of 100k sockets to it).
   */
  public static List<String> of(
      EdgeConfig edge, AuthConfig auth, java.util.Optional<java.time.Duration> httpIdleTimeout) {
    List<String> problems = new ArrayList<>();
    httpIdleTimeout
        .filter(idle -> !idle.isZero() && idle.compareTo(edge.heartbeat().timeout()) <= 0)
        .ifPresent(
            idle ->
                problems.add(
                    "quarkus.http.idle-timeout ("
                        + idle
                        + ") must be longer than switchboard.edge.heartbeat.timeout ("
                        + edge.heartbeat().timeout()
                        + "), or Vert.x closes live idle sockets before the heartbeat judges"
                        + " them"));
    positive(problems, "switchboard.edge.heartbeat.interval", edge.heartbeat().interval());
    positive(problems, "switchboard.edge.heartbeat.timeout", edge.heartbeat().timeout());
    positive(problems, "switchboard.edge.heartbeat.tick", edge.heartbeat().tick());
    if (edge.heartbeat().timeout().compareTo(edge.heartbeat().interval()) <= 0) {
      problems.add(
          "switchboard.edge.heartbeat.timeout ("
              + edge.heartbeat().timeout()
              + ") must be longer than switchboard.edge.heartbeat.interval ("
              + edge.heartbeat().interval()
              + "), or live clients are cut off between two pings");
    }
    positive(problems, "switchboard.edge.presence.touch-interval", edge.presence().touchInterval());
    try {
      TakeoverPolicy.fromWireName(edge.takeover().policy());
    } catch (IllegalArgumentException e) {
      problems.add("switchboard.edge.takeover.policy: " + e.getMessage());
    }
    atLeast(problems, "switchboard.edge.takeover.max", edge.takeover().max(), 1);
    positive(problems, "switchboard.edge.takeover.window", edge.takeover().window());
    positive(problems, "switchboard.edge.audit.interval", edge.audit().interval());
    atLeast(
        problems, "switchboard.edge.limits.max-message-size", edge.limits().maxMessageSize(), 256);
    atLeast(
        problems,
        "switchboard.edge.limits.per-ip-connections",
        edge.limits().perIpConnections(),
        1);
    atLeast(problems, "switchboard.edge.limits.admission-rate", edge.limits().admissionRate(), 1);
    atLeast(problems, "switchboard.edge.limits.admission-burst", edge.limits().admissionBurst(), 1);
    atLeast(problems, "switchboard.edge.limits.outbound-queue", edge.limits().outboundQueue(), 1);
    atLeast(
        problems,
        "switchboard.edge.limits.max-pending-claims",
        edge.limits().maxPendingClaims(),
        1);
    atLeast(problems, "switchboard.edge.limits.max-connections", edge.limits().maxConnections(), 1);
    try {
      dev.switchboard.edge.socket.TrustedProxies.parse(
          edge.proxy().trusted().orElse(java.util.List.of()));
    } catch (IllegalArgumentException bad) {
      problems.add(
          "switchboard.edge.proxy.trusted must list IP addresses or CIDR blocks: "
              + bad.getMessage());
    }
    int window = edge.delivery().window();
    if (window < 1 || window > 1024) {
      problems.add("switchboard.edge.delivery.window must be 1 to 1024, got " + window);
    } else if (window >= edge.limits().outboundQueue()) {
      problems.add(
          "switchboard.edge.delivery.window ("
              + window
              + ") must be below switchboard.edge.limits.outbound-queue ("
              + edge.limits().outboundQueue()
              + "), or a device that stops reading is cut off as a slow consumer instead of"
              + " leaving its backlog in Redis");
    }
    positive(problems, "switchboard.edge.redis.grace", edge.redis().grace());
    positive(problems, "switchboard.edge.drain.window", edge.drain().window());
    positive(problems, "switchboard.edge.reconnect.base", edge.reconnect().base());
    if (edge.reconnect().max().compareTo(edge.reconnect().base()) < 0) {
      problems.add(
          "switchboard.edge.reconnect.max ("
              + edge.reconnect().max()
              + ") must not be below switchboard.edge.reconnect.base ("
              + edge.reconnect().base()
              + ")");
    }
    problems.addAll(AuthConfigProblems.of(auth));
    return problems;
  }

  private static void positive(List<String> problems, String key, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      problems.add(key + " must be a positive duration, got " + value);
    }
  }

  private static void atLeast(List<String> problems, String key, int value, int min) {
    if (value < min) {
      problems.add(key + " must be at least " + min + ", got " + value);
    }
  }
}
