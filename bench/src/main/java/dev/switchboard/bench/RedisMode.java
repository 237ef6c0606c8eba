package dev.switchboard.bench;

/** The Redis the services of a run use ({@code --redis}). */
enum RedisMode {
  /** One redis-server, as every scenario has always measured. */
  SINGLE,
  /** A Redis Cluster of three masters without replicas (test-support's {@code RedisCluster}). */
  CLUSTER;

  /** As the option and the results spell it: {@code single} or {@code cluster}. */
  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
