package dev.switchboard.api.auth;

import java.util.Arrays;
import java.util.Optional;

/** What an API key may do; each {@code /v1} resource names the one scope it needs. */
public enum Scope {
  /** Lookups, instances, stats, the event stream and the sweeper report. */
  READ,
  /** Routing messages to devices. */
  ROUTE,
  /** Operator actions (none yet; reserved so keys can be issued ahead of them). */
  ADMIN;

  /** The lower-case name used in key entries, problems and logs. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Optional<Scope> of(String wireName) {
    return Arrays.stream(values()).filter(s -> s.wireName().equals(wireName)).findFirst();
  }
}
