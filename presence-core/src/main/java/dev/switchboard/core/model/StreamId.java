package dev.switchboard.core.model;

import java.util.Optional;

/**
 * A Redis stream entry id ({@code <ms>-<seq>}, two unsigned 64-bit numbers), comparable in stream
 * order. Parsing never throws: a caller-supplied id that does not parse is empty.
 */
public record StreamId(long ms, long seq) implements Comparable<StreamId> {

  public static final StreamId ZERO = new StreamId(0, 0);

  /** Parses {@code <ms>-<seq>} or {@code <ms>}; empty when it is not a stream id. */
  public static Optional<StreamId> parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 41) {
      return Optional.empty();
    }
    int dash = text.indexOf('-');
    String ms = dash < 0 ? text : text.substring(0, dash);
    String seq = dash < 0 ? "0" : text.substring(dash + 1);
    if (!digits(ms) || !digits(seq)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new StreamId(Long.parseUnsignedLong(ms), Long.parseUnsignedLong(seq)));
    } catch (NumberFormatException tooLarge) {
      return Optional.empty();
    }
  }

  /**
   * Parses exactly {@code <ms>-<seq>} (the form a client acks with); empty for anything else,
   * {@code <ms>} alone included.
   */
  public static Optional<StreamId> parseExact(String text) {
    if (text == null || text.indexOf('-') <= 0) {
      return Optional.empty();
    }
    return parse(text);
  }

  private static boolean digits(String s) {
    if (s.isEmpty() || s.length() > 20) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  @Override
  public int compareTo(StreamId other) {
    int byMs = Long.compareUnsigned(ms, other.ms);
    return byMs != 0 ? byMs : Long.compareUnsigned(seq, other.seq);
  }

  public boolean isAfter(StreamId other) {
    return compareTo(other) > 0;
  }

  public boolean isBefore(StreamId other) {
    return compareTo(other) < 0;
  }

  @Override
  public String toString() {
    return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
  }
}
