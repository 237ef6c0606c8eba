package dev.switchboard.core.model;

import java.util.Optional;
import java.util.regex.Pattern;

/** The rule for device ids: 1 to 128 characters of {@code [A-Za-z0-9._:@-]}. */
public final class DeviceIds {

  /** The longest device id accepted. */
  public static final int MAX_LENGTH = 128;

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:@-]{1," + MAX_LENGTH + "}");

  private DeviceIds() {}

  public static boolean isValid(String device) {
    return device != null && VALID.matcher(device).matches();
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
    if (!VALID.matcher(device).matches()) {
      return Optional.of("device id may contain only letters, digits and . _ : @ -");
    }
    return Optional.empty();
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
