package dev.switchboard.core.model;

import java.util.Optional;

/** The rule for device ids: 1 to 128 characters of {@code [A-Za-z0-9._:@-]}. */
public final class DeviceIds {

  /** The longest device id accepted. */
  public static final int MAX_LENGTH = 128;

  private DeviceIds() {}

  public static boolean isValid(String device) {
    return device != null
        && !device.isEmpty()
        && device.length() <= MAX_LENGTH
        && allowedCharacters(device);
  }

  /** Why the id is invalid, in words fit for an error response; empty when it is valid. */
  public static Optional<String> problem(String device) {
    if (device == null || device.isEmpty()) {
      return Optional.of("device id is empty");
    }
    if (device.length() > MAX_LENGTH) {
      return Optional.of(
          "device id is " + device.length() + " characters long, the limit is " + MAX_LENGTH);
    }
    if (!allowedCharacters(device)) {
      return Optional.of("device id may contain only letters, digits and . _ : @ -");
    }
    return Optional.empty();
  }

  // A loop rather than a regex: a batch lookup checks a thousand ids per request.
  private static boolean allowedCharacters(String device) {
    for (int i = 0; i < device.length(); i++) {
      char c = device.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == ':'
              || c == '@'
              || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  /** Returns the id, or throws an {@link IllegalArgumentException} that says what is wrong. */
  public static String requireValid(String device) {
    problem(device)
        .ifPresent(
            p -> {
              throw new IllegalArgumentException(p);
            });
    return device;
  }
}
