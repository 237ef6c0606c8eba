package dev.switchboard.api;

import java.util.ArrayList;
import java.util.List;

/** Checks the presence-api settings, naming each bad key. Pure. */
public final class ApiConfigProblems {

  private ApiConfigProblems() {}

  public static List<String> of(
      int maxLookup, int maxMessageBytes, boolean authEnabled, List<String> keys) {
    List<String> problems = new ArrayList<>();
    if (maxLookup < 1 || maxLookup > 10_000) {
      problems.add("switchboard.api.max-lookup must be 1 to 10000, got " + maxLookup);
    }
    if (maxMessageBytes < 2 || maxMessageBytes > 1_048_576) {
      problems.add(
          "switchboard.api.max-message-bytes must be 2 to 1048576, got " + maxMessageBytes);
    }
    if (authEnabled && keys.stream().allMatch(String::isBlank)) {
      problems.add(
          "switchboard.api.auth.keys must list at least one key"
              + " (or set switchboard.api.auth.enabled=false, for local runs only)");
    }
    return problems;
  }

  public static List<String> of(ApiConfig config) {
    return of(
        config.maxLookup(),
        config.maxMessageBytes(),
        config.auth().enabled(),
        config.auth().keys().orElse(List.of()));
  }
}
