package dev.switchboard.edge.lifecycle;

import java.time.Duration;

/**
 * How loud a kick given up after failed publishes is. During a failover they come by the thousand,
 * all expected: the first after a quiet minute is a WARN of its own, the rest of that minute DEBUG,
 * and a minute whose give-ups were not all WARNed ends with one summary. Timestamps are {@link
 * System#nanoTime()}; thread-safe.
 */
final class GiveUpLog {

  static final Duration MINUTE = Duration.ofMinutes(1);

  /** What to log for one give-up. */
  enum Line {
    /** A WARN of its own; a minute opens: call {@link #minuteEnded()} when it is over. */
    WARN_OPENS_MINUTE,
    /** DEBUG; a minute opens (the last give-up was less than a minute ago). */
    DEBUG_OPENS_MINUTE,
    /** DEBUG, counted in the open minute's summary. */
    DEBUG
  }

  private boolean open;
  private boolean openerWarned;
  private int count;
  private boolean any;
  private long last;

  synchronized Line givenUp(long now) {
    boolean quiet = !any || now - last >= MINUTE.toNanos();
    any = true;
    last = now;
    if (open) {
      count++;
      return Line.DEBUG;
    }
    open = true;
    count = 1;
    openerWarned = quiet;
    return quiet ? Line.WARN_OPENS_MINUTE : Line.DEBUG_OPENS_MINUTE;
  }

  /** The minute is over: how many the summary line counts, 0 for no summary. */
  synchronized int minuteEnded() {
    int given = count;
    boolean unwarned = given > (openerWarned ? 1 : 0);
    open = false;
    count = 0;
    return unwarned ? given : 0;
  }
}
