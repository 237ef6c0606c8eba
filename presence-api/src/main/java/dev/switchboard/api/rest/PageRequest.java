package dev.switchboard.api.rest;

/**
 * A checked page request for an instance's device index: a Redis SCAN cursor (an unsigned 64-bit
 * number) and a page size. {@link #of} turns query text into one, or an {@link ApiProblem} that
 * names the parameter and what it must be. Pure.
 */
public record PageRequest(String cursor, int limit) {

  static final int MAX_LIMIT = 1000;

  public static PageRequest of(String cursor, String limit) {
    return new PageRequest(cursor(cursor), limit(limit));
  }

  static String cursor(String text) {
    String badCursor =
        "cursor must be the nextCursor of a previous page (or 0 to start), got '" + text + "'";
    if (text == null || !text.matches("[0-9]{1,20}")) {
      throw ApiProblem.badRequest(badCursor);
    }
    try {
      return Long.toUnsignedString(Long.parseUnsignedLong(text));
    } catch (NumberFormatException beyondSixtyFourBits) {
      throw ApiProblem.badRequest(badCursor);
    }
  }

  static int limit(String text) {
    String badLimit =
        "limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + text + "'";
    if (text == null || !text.matches("[0-9]{1,4}")) {
      throw ApiProblem.badRequest(badLimit);
    }
    int limit = Integer.parseInt(text);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiProblem.badRequest(badLimit);
    }
    return limit;
  }
}
