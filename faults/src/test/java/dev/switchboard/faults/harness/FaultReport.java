package dev.switchboard.faults.harness;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of figures per fault: time from heal to exact, sockets closed by code, events emitted.
 * Printed as {@code FAULT {...}} and appended to {@code faults.results} (a JSON-lines file) for
 * BENCHMARKS.md.
 */
public final class FaultReport {

  private final JsonObject json = new JsonObject();

  public FaultReport(String scenario, int devices) {
    json.put("scenario", scenario).put("devices", devices);
  }

  public FaultReport put(String key, Object value) {
    json.put(key, value);
    return this;
  }

  /** Closes the fleet saw since the fault, by code. */
  public FaultReport closes(List<Device.Close> closes) {
    Map<String, Integer> byCode = new TreeMap<>();
    closes.forEach(c -> byCode.merge(Integer.toString(c.code()), 1, Integer::sum));
    json.put("closesByCode", new JsonObject(Map.copyOf(byCode)));
    return this;
  }

  public FaultReport events(Map<String, Integer> counts) {
    json.put("events", new JsonObject(Map.copyOf(counts)));
    return this;
  }

  public FaultReport exactness(Exactness.Outcome outcome) {
    json.put("exact", outcome.exact())
        .put("healToExactMs", outcome.millis())
        .put("last", outcome.last().toString());
    return this;
  }

  /** Prints and appends the line; returns its text. */
  public String emit() {
    String line = json.encode();
    System.out.println("FAULT " + line);
    String file = System.getProperty("faults.results");
    if (file != null) {
      try {
        Files.writeString(
            Path.of(file), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        System.err.println("cannot append to " + file + ": " + e);
      }
    }
    return line;
  }
}
