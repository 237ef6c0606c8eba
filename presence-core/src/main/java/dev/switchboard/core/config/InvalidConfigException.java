package dev.switchboard.core.config;

import java.util.List;

/** Start-up refused: one or more settings are invalid; the message names each key. */
public final class InvalidConfigException extends RuntimeException {

  private final List<String> problems;

  public InvalidConfigException(List<String> problems) {
    super("Invalid Switchboard configuration:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
