package dev.switchboard.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A scenario's result: one JSON line (machine-readable) and one Markdown row (BENCHMARKS.md). */
final class Report {

  final JsonObject json;

  Report(String scenario) {
    json = new JsonObject().put("scenario", scenario);
  }

  Report put(String key, Object value) {
    json.put(key, value instanceof Double d ? round(d) : value);
    return this;
  }

  /**
   * Adds {@code toSingle}: each named figure of this result (a run on the Redis Cluster) divided by
   * the same figure of {@code single}, the single-node result of the same sitting. A per-shard
   * array is divided shard by shard by the single node's one value, so 0.33 means the shard does a
   * third of the work one node did. Figures missing or zero in {@code single} are left out.
   */
  Report toSingle(JsonObject single, String... keys) {
    JsonObject ratios = new JsonObject();
    for (String key : keys) {
      Object mine = json.getValue(key);
      double base = scalar(single.getValue(key));
      if (base == 0 || Double.isNaN(base)) {
        continue;
      }
      if (mine instanceof Number n) {
        ratios.put(key, round(n.doubleValue() / base));
      } else if (mine instanceof JsonArray shards) {
        JsonArray shardRatios = new JsonArray();
        shards.forEach(v -> shardRatios.add(round(((Number) v).doubleValue() / base)));
        ratios.put(key, shardRatios);
      }
    }
    json.put("toSingle", ratios);
    return this;
  }

  private static double scalar(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof JsonArray a && a.size() == 1 && a.getValue(0) instanceof Number n) {
      return n.doubleValue();
    }
    return Double.NaN;
  }

  static double round(double value) {
    return Math.round(value * 100.0) / 100.0;
  }

  /** Prints the JSON line and the Markdown row; returns the JSON. */
  JsonObject print(String markdownRow) {
    System.out.println("RESULT " + json.encode());
    System.out.println("| " + markdownRow + " |");
    System.out.flush();
    return json;
  }
}
