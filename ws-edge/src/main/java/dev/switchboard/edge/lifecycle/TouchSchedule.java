package dev.switchboard.edge.lifecycle;

import java.time.Duration;

/**
 * When each connection is touched: once per touch interval, in a slot of the interval fixed by its
 * connection id, so that the instance's touches are spread evenly over the interval (a tick at most
 * every second) instead of one burst, and a reconnect storm (claims close together) does not bunch
 * them. Ticks are numbered from a monotonic clock; a tick that runs late (a slow round, an edge
 * stall) catches up the slots it skipped, each at most once. Pure: no clock, no I/O.
 *
 * @param slots how many slots the interval has (one per tick)
 * @param tickNanos the length of one tick
 */
public record TouchSchedule(int slots, long tickNanos) {

  /** The longest tick: with a one-minute interval, 60 slots of one second. */
  static final long MAX_TICK_NANOS = 1_000_000_000L;

  public TouchSchedule {
    if (slots < 1 || tickNanos < 1) {
      throw new IllegalArgumentException("slots and tick must be positive");
    }
  }

  /** The schedule of a (positive) touch interval: ticks of at most a second that fill it. */
  public static TouchSchedule of(Duration interval) {
    long nanos = interval.toNanos();
    int slots = (int) Math.max(1, (nanos + MAX_TICK_NANOS - 1) / MAX_TICK_NANOS);
    return new TouchSchedule(slots, Math.max(1, nanos / slots));
  }

  /** The tick a monotonic clock reading ({@link System#nanoTime()}) falls in. */
  public long tickAt(long nanos) {
    return Math.floorDiv(nanos, tickNanos);
  }

  /** The slot of a connection, from a mix of its id's hash (ids are random). */
  public int slotOf(String conn) {
    long mixed = (conn.hashCode() & 0xffffffffL) * 0x9E3779B97F4A7C15L;
    return (int) Math.floorMod(mixed >>> 32, (long) slots);
  }

  /**
   * Whether a round that runs at {@code nowTick}, after the round of {@code lastTick}, touches the
   * connections of {@code slot}: the slots of the ticks after {@code lastTick} up to {@code
   * nowTick}, every slot once when a whole interval passed.
   */
  public boolean isDue(int slot, long lastTick, long nowTick) {
    long passed = nowTick - lastTick;
    if (passed <= 0) {
      return false;
    }
    if (passed >= slots) {
      return true;
    }
    return Math.floorMod(slot - (lastTick + 1), (long) slots) < passed;
  }
}
