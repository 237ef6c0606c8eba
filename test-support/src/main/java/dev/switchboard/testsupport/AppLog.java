package dev.switchboard.testsupport;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a service's console output: which lines are log records at which level, in the text format
 * the services share (the level is the third field, after date and time) or as JSON records.
 */
public final class AppLog {

  private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
  private static final Pattern JSON_LEVEL = Pattern.compile("\"level\"\\s*:\\s*\"([A-Z]+)\"");

  private AppLog() {}

  /** The level of a log record's first line, or empty for any other line. */
  public static java.util.Optional<String> level(String line) {
    if (line.startsWith("{")) {
      Matcher m = JSON_LEVEL.matcher(line);
      return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }
    String[] fields = line.trim().split("\\s+", 4);
    return Arrays.stream(fields).limit(3).filter(LEVELS::contains).findFirst();
  }

  /** Every line of the output that starts a WARN or ERROR record. */
  public static List<String> warningsAndErrors(String output) {
    return output
        .lines()
        .filter(line -> level(line).map(l -> l.equals("WARN") || l.equals("ERROR")).orElse(false))
        .toList();
  }

  /** Every line of the output that starts a log record, at any level. */
  public static List<String> records(String output) {
    return output.lines().filter(line -> level(line).isPresent()).toList();
  }
}
