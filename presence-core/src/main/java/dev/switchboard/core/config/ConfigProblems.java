package dev.switchboard.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the shared settings and names every bad key, so that a service refuses to start with a
 * message an operator can act on. Pure: no Quarkus, tested in milliseconds.
 */
public final class ConfigProblems {

  private ConfigProblems() {}

  /** One message per problem, each starting with the property name; empty when all is well. */
  public static List<String> of(SwitchboardConfig config) {
    List<String> problems = new ArrayList<>();
    String prefix = config.keyPrefix();
    if (prefix.isEmpty() || prefix.length() > 64) {
      problems.add("switchboard.key-prefix must be 1 to 64 characters, got '" + prefix + "'");
    }
    if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0 || prefix.contains(" ")) {
      problems.add(
          "switchboard.key-prefix must not contain '{', '}' or spaces (they would break cluster"
              + " hash tags), got '"
              + prefix
              + "'");
    }
    Duration ttl = config.lease().ttl();
    Duration heartbeat = config.lease().heartbeat();
    positive(problems, "switchboard.lease.ttl", ttl);
    positive(problems, "switchboard.lease.heartbeat", heartbeat);
    if (isPositive(ttl) && isPositive(heartbeat) && heartbeat.multipliedBy(2).compareTo(ttl) > 0) {
      problems.add(
          "switchboard.lease.heartbeat ("
              + heartbeat
              + ") must be at most half of switchboard.lease.ttl ("
              + ttl
              + "), or one late heartbeat expires a live instance");
    }
    if (config.events().maxLength() < 100) {
      problems.add(
          "switchboard.events.max-length must be at least 100, got " + config.events().maxLength());
    }
    positive(problems, "switchboard.redis.timeout", config.redis().timeout());
    positive(problems, "switchboard.redis.grace", config.redis().grace());
    delivery(problems, config.delivery());
    return problems;
  }

  private static void delivery(List<String> problems, SwitchboardConfig.Delivery delivery) {
    if (delivery.maxMessages() < 1 || delivery.maxMessages() > 1_000_000) {
      problems.add(
          "switchboard.delivery.max-messages must be 1 to 1000000, got " + delivery.maxMessages());
    }
    if (delivery.maxBytes() < 1 || delivery.maxBytes() > 1L << 30) {
      problems.add(
          "switchboard.delivery.max-bytes must be 1 to 1073741824, got " + delivery.maxBytes());
    }
    Duration ttl = delivery.defaultTtl();
    positive(problems, "switchboard.delivery.default-ttl", ttl);
    if (isPositive(ttl) && ttl.compareTo(Duration.ofHours(24)) > 0) {
      problems.add("switchboard.delivery.default-ttl must be at most 24h, got " + ttl);
    }
    if (delivery.minReplicas() < 0 || delivery.minReplicas() > 16) {
      problems.add(
          "switchboard.delivery.min-replicas must be 0 to 16, got " + delivery.minReplicas());
    }
    positive(problems, "switchboard.delivery.replica-timeout", delivery.replicaTimeout());
  }

  static void positive(List<String> problems, String key, Duration value) {
    if (!isPositive(value)) {
      problems.add(key + " must be a positive duration, got " + value);
    }
  }

  private static boolean isPositive(Duration value) {
    return value != null && !value.isNegative() && !value.isZero();
  }
}
