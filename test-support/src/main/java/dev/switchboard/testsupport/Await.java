package dev.switchboard.testsupport;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Polls a condition about real processes until it holds; a Redis that cannot answer yet is "no".
 */
final class Await {

  private static final long POLL_MILLIS = 50;

  private Await() {}

  static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (holds(condition)) {
        return;
      }
      RedisServer.sleep(POLL_MILLIS);
    }
    throw new IllegalStateException("timed out after " + timeout + " waiting until " + what);
  }

  private static boolean holds(BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (UncheckedIOException e) {
      return false;
    }
  }
}
