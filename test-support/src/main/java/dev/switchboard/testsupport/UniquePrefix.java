package dev.switchboard.testsupport;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Key prefixes that no other test uses, so that tests sharing one Redis never see each other. */
public final class UniquePrefix {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private UniquePrefix() {}

  /** A fresh prefix such as {@code t7-k3x9q:}, ending in a colon like the default {@code sb:}. */
  public static String next() {
    return "t"
        + COUNTER.incrementAndGet()
        + "-"
        + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36)
        + ":";
  }
}
