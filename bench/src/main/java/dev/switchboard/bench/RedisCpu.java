package dev.switchboard.bench;

import dev.switchboard.testsupport.RedisServer;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU seconds (used_cpu_user + used_cpu_sys of INFO cpu) of each Redis master, in shard order: one
 * entry for a single redis-server, three for the cluster. The difference of two readings, divided
 * by the work done between them, is what a user sizes shards with.
 */
record RedisCpu(List<Double> secondsByShard) {

  RedisCpu {
    secondsByShard = List.copyOf(secondsByShard);
  }

  /** Reads INFO cpu of every master now. */
  static RedisCpu read(List<RedisServer> masters) {
    return new RedisCpu(masters.stream().map(m -> seconds(m.info("cpu"))).toList());
  }

  /**
   * What every master spends over {@code seconds} while the caller does nothing: Redis's own cron
   * and, on a cluster, its gossip. At small scale this base cost is a large share of a run's.
   */
  static RedisCpu idle(List<RedisServer> masters, int seconds) throws InterruptedException {
    if (masters.isEmpty()) {
      return new RedisCpu(List.of());
    }
    RedisCpu before = read(masters);
    Thread.sleep(seconds * 1000L);
    return read(masters).since(before);
  }

  /** used_cpu_user + used_cpu_sys of an INFO cpu reply, in seconds. */
  static double seconds(String info) {
    double total = 0;
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
        total += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return total;
  }

  /** The CPU each shard spent since {@code before}. */
  RedisCpu since(RedisCpu before) {
    return minus(before);
  }

  /** Each shard's CPU times {@code factor}. */
  RedisCpu scaled(double factor) {
    return new RedisCpu(secondsByShard.stream().map(s -> s * factor).toList());
  }

  /** Each shard's CPU less {@code other}'s, shard by shard. */
  RedisCpu minus(RedisCpu other) {
    List<Double> rest = new ArrayList<>();
    for (int i = 0; i < secondsByShard.size(); i++) {
      rest.add(secondsByShard.get(i) - other.secondsByShard.get(i));
    }
    return new RedisCpu(rest);
  }

  /** Microseconds of CPU per unit of work, shard by shard. */
  List<Double> microsPer(double units) {
    return secondsByShard.stream().map(s -> s * 1e6 / Math.max(1, units)).toList();
  }

  /** Microseconds of CPU per unit of work, all shards together. */
  double totalMicrosPer(double units) {
    return secondsByShard.stream().mapToDouble(Double::doubleValue).sum()
        * 1e6
        / Math.max(1, units);
  }

  /** Per-shard figures as a JSON array, rounded as {@link Report} rounds. */
  static JsonArray json(List<Double> byShard) {
    JsonArray array = new JsonArray();
    byShard.forEach(v -> array.add(Report.round(v)));
    return array;
  }

  /** The largest of the per-shard figures (NaN without any): the busiest shard sizes a cluster. */
  static double max(JsonArray byShard) {
    if (byShard == null || byShard.isEmpty()) {
      return Double.NaN;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (Object v : byShard) {
      max = Math.max(max, ((Number) v).doubleValue());
    }
    return max;
  }

  /** {@code 12/11/13} for a Markdown row. */
  static String slashed(List<Double> byShard, String format) {
    return String.join("/", byShard.stream().map(v -> String.format(format, v)).toList());
  }
}
