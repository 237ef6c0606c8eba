package dev.switchboard.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a {@code /q/metrics} scrape (Prometheus text format) and checks the metric families a
 * service owns against Prometheus's naming conventions: a non-empty {@code # HELP}, snake_case,
 * counters exposed as {@code _total} and no {@code _total} on anything else, timers and sizes named
 * by their base unit ({@code _seconds}, {@code _bytes}) as the last word, and a point in time as
 * {@code _timestamp_seconds}.
 */
public final class PrometheusExposition {

  /** One metric family: its name, {@code # TYPE}, {@code # HELP} and its sample lines. */
  public record Family(String name, String type, String help, List<String> samples) {

    /** The value of the sample with exactly these labels ({@code ""} for none), or NaN. */
    public double value(String labels) {
      for (String sample : samples) {
        int space = sample.lastIndexOf(' ');
        String head = sample.substring(0, space);
        String sampleLabels = head.contains("{") ? head.substring(head.indexOf('{')) : "";
        if (sampleLabels.equals(labels)) {
          return Double.parseDouble(sample.substring(space + 1));
        }
      }
      return Double.NaN;
    }
  }

  private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
  private static final List<String> UNITS = List.of("seconds", "bytes");

  private PrometheusExposition() {}

  /** The families of a scrape, by name, in order of appearance. */
  public static Map<String, Family> parse(String text) {
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, String> helps = new LinkedHashMap<>();
    Map<String, List<String>> samples = new LinkedHashMap<>();
    String current = null;
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ", 4);
        current = parts[2];
        types.put(current, parts[3].trim());
        samples.computeIfAbsent(current, k -> new ArrayList<>());
      } else if (line.startsWith("# HELP ")) {
        String[] parts = line.split(" ", 4);
        helps.put(parts[2], parts.length > 3 ? parts[3].trim() : "");
      } else if (!line.isBlank() && !line.startsWith("#") && current != null) {
        samples.get(current).add(line);
      }
    }
    Map<String, Family> families = new LinkedHashMap<>();
    types.forEach(
        (name, type) ->
            families.put(
                name, new Family(name, type, helps.getOrDefault(name, ""), samples.get(name))));
    return families;
  }

  /** Every convention the families whose names start with {@code prefix} break; empty when none. */
  public static List<String> problems(String text, String prefix) {
    List<String> problems = new ArrayList<>();
    for (Family family : parse(text).values()) {
      if (family.name().startsWith(prefix)) {
        problems.addAll(problems(family));
      }
    }
    return problems;
  }

  static List<String> problems(Family f) {
    List<String> problems = new ArrayList<>();
    String name = f.name();
    if (f.help().isBlank()) {
      problems.add(name + ": # HELP is empty");
    }
    if (!SNAKE_CASE.matcher(name).matches()) {
      problems.add(name + ": not snake_case");
    }
    boolean counter = f.type().equals("counter");
    if (counter) {
      for (String sample : f.samples()) {
        if (!sample.startsWith(name + "_total")) {
          problems.add(name + ": a counter's samples must be named " + name + "_total");
        }
      }
    }
    if (name.endsWith("_total")) {
      problems.add(name + ": _total is the suffix counters get, not part of a family's name");
    }
    if ((f.type().equals("histogram") || f.type().equals("summary"))
        && UNITS.stream().noneMatch(unit -> name.endsWith("_" + unit))) {
      problems.add(name + ": a " + f.type() + " is named by its base unit (_seconds or _bytes)");
    }
    String base = name.endsWith("_max") ? name.substring(0, name.length() - 4) : name;
    for (String unit : UNITS) {
      if (base.contains("_" + unit + "_") || base.startsWith(unit + "_")) {
        problems.add(name + ": the unit (" + unit + ") must be the last word");
      }
    }
    if (name.contains("timestamp") && !name.endsWith("_timestamp_seconds")) {
      problems.add(name + ": a point in time is named _timestamp_seconds");
    }
    return problems;
  }
}
