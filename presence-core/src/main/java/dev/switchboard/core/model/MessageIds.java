package dev.switchboard.core.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule for durable message ids, which are also the {@code Idempotency-Key}s callers choose: 1
 * to 128 characters of {@code [A-Za-z0-9._:-]}. A generated id (a UUID) follows it too.
 */
public final class MessageIds {

  /** The longest id accepted. */
  public static final int MAX_LENGTH = 128;

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

  private MessageIds() {}

  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  /** Why the id is invalid, in words fit for an error response; empty when it is valid. */
  public static Optional<String> problem(String what, String id) {
    if (id == null || id.isEmpty()) {
      return Optional.of(what + " is empty");
    }
    if (id.length() > MAX_LENGTH) {
      return Optional.of(
          what + " is " + id.length() + " characters long, the limit is " + MAX_LENGTH);
    }
    if (!VALID.matcher(id).matches()) {
      return Optional.of(what + " may contain only letters, digits and . _ : -");
    }
    return Optional.empty();
  }
}
