package dev.switchboard.client.delivery;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code seq} of a durable message: the Redis stream id {@code "<ms>-<n>"} of its outbox entry.
 * Seqs of one device strictly increase. They compare part-wise as unsigned 64-bit numbers, never as
 * strings ({@code "9-0"} is before {@code "10-0"}).
 */
public record Seq(long ms, long n) implements Comparable<Seq> {

  private static final Pattern FORM = Pattern.compile("([0-9]{1,20})-([0-9]{1,20})");

  /** The seq in {@code text}, or empty if it is not two unsigned 64-bit decimals joined by '-'. */
  public static Optional<Seq> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Seq(Long.parseUnsignedLong(m.group(1)), Long.parseUnsignedLong(m.group(2))));
    } catch (NumberFormatException overflow) {
      return Optional.empty();
    }
  }

  @Override
  public int compareTo(Seq other) {
    int byMs = Long.compareUnsigned(ms, other.ms);
    return byMs != 0 ? byMs : Long.compareUnsigned(n, other.n);
  }

  /** Whether this seq comes strictly after {@code other}. */
  public boolean isAfter(Seq other) {
    return compareTo(other) > 0;
  }

  /** The wire form, {@code "<ms>-<n>"}. */
  @Override
  public String toString() {
    return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(n);
  }
}
