package dev.switchboard.core.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a claim does when another connection already holds the device. */
public enum TakeoverPolicy {
  /** The newest connection wins; the holder is kicked with 4001. */
  NEWEST("newest"),
  /** The newcomer is refused with 4409 while the holder's instance is alive. */
  REJECT_NEW("reject-new");

  private final String wireName;

  TakeoverPolicy(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in configuration and passed to the claim script. */
  public String wireName() {
    return wireName;
  }

  /** Parses a configuration value, naming the accepted values when it is not one of them. */
  public static TakeoverPolicy fromWireName(String value) {
    for (TakeoverPolicy policy : values()) {
      if (policy.wireName.equals(value)) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        "unknown takeover policy '"
            + value
            + "', expected one of "
            + Arrays.stream(values()).map(p -> p.wireName).collect(Collectors.joining(", ")));
  }
}
