package dev.switchboard.bench;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Durations the way the services' config writes them ("15s", "500ms", "2m"). Pure. */
final class Durations {

  private Durations() {}

  /** Milliseconds of {@code text}; a clear error (exit 2 through BenchMain) when it is not one. */
  static long millis(String option, String text) {
    try {
      if (text.endsWith("ms")) {
        return Long.parseLong(text.substring(0, text.length() - 2));
      }
      return Duration.parse("PT" + text.toUpperCase(java.util.Locale.ROOT)).toMillis();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(
          option + "=" + text + " is not a duration; write e.g. 15s, 500ms or 2m");
    }
  }
}
