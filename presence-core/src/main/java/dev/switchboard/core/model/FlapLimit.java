package dev.switchboard.core.model;

import java.time.Duration;

/**
 * At most {@code maxTakeovers} takeovers of a live holder per device within {@code window}; one
 * more is refused as flapping (two client instances with one identity fighting over the device).
 */
public record FlapLimit(Duration window, int maxTakeovers) {

  /** No limit. */
  public static final FlapLimit NONE = new FlapLimit(Duration.ZERO, 0);

  public FlapLimit {
    if (window.isNegative() || maxTakeovers < 0) {
      throw new IllegalArgumentException("flap window and max takeovers must not be negative");
    }
  }

  public boolean isLimited() {
    return !window.isZero();
  }
}
