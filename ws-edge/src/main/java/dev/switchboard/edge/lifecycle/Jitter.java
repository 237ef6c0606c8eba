package dev.switchboard.edge.lifecycle;

import java.time.Duration;

/** Spreads retries that would otherwise run in lockstep, keeping their mean period. */
final class Jitter {

  private Jitter() {}

  /** Uniformly in [period / 2, 3 × period / 2), from {@code uniform} in [0, 1). */
  static Duration around(Duration period, double uniform) {
    long nanos = period.toNanos();
    return Duration.ofNanos(nanos / 2 + (long) (nanos * uniform));
  }
}
