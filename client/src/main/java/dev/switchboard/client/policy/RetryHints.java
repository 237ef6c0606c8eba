package dev.switchboard.client.policy;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The retry hints the edge gives: in a close reason ({@code "flapping: too many takeovers; retry
 * after 4200 ms"}, {@code "overloaded; try again in 1300 ms"}) and in the {@code Retry-After}
 * header of a refused upgrade (delta-seconds).
 */
public final class RetryHints {

  private static final Pattern IN_REASON =
      Pattern.compile("(?:retry after|try again in) (\\d{1,12}) ms");
  private static final Pattern SECONDS = Pattern.compile("\\s*(\\d{1,9})\\s*");

  private RetryHints() {}

  /** The hint in a close reason, in milliseconds. */
  public static OptionalLong fromReason(String reason) {
    if (reason == null) {
      return OptionalLong.empty();
    }
    Matcher m = IN_REASON.matcher(reason);
    return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }

  /** A {@code Retry-After} header in delta-seconds, in milliseconds; an HTTP date is ignored. */
  public static OptionalLong fromRetryAfter(String header) {
    if (header == null) {
      return OptionalLong.empty();
    }
    Matcher m = SECONDS.matcher(header);
    return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1)) * 1_000) : OptionalLong.empty();
  }
}
