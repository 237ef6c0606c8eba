package dev.switchboard.core.config;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.List;

/**
 * Start-up refused: one or more settings are invalid. The message is one block naming every bad
 * key, its value and the form expected. As a Quarkus {@link ConfigurationException}, Quarkus prints
 * just that block when start-up fails, not a stack trace.
 */
public final class InvalidConfigException extends ConfigurationException {

  private final List<String> problems;

  public InvalidConfigException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }

  /** Throws one exception listing every problem, or returns when there are none. */
  public static void throwIfAny(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
  }

  static String message(List<String> problems) {
    return "Switchboard cannot start: "
        + (problems.size() == 1 ? "1 setting is" : problems.size() + " settings are")
        + " invalid\n  - "
        + String.join("\n  - ", problems);
  }
}
