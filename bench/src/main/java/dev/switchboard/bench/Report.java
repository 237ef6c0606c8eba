package dev.switchboard.bench;

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
