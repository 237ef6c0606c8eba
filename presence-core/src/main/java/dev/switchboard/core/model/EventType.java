package dev.switchboard.core.model;

import java.util.Locale;

/** The kinds of presence change written to the event stream. */
public enum EventType {
  ONLINE,
  OFFLINE,
  REPLACED,
  SWEPT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static EventType fromWireName(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
