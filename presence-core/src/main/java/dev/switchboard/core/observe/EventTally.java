package dev.switchboard.core.observe;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Counts expected events by kind between two summaries, so that a storm of them (a thousand refused
 * connects while Redis is down) costs one log line per interval instead of one per event: {@code
 * refused 1234 connects in the last 10s: not_ready=34, redis_unavailable=1200}.
 */
public final class EventTally {

  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

  public void add(String kind) {
    counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  /**
   * The counts since the last call, which starts the next interval; empty when nothing happened.
   */
  public Map<String, Long> takeCounts() {
    Map<String, Long> taken = new TreeMap<>();
    for (String kind : counts.keySet()) {
      long n = counts.get(kind).sumThenReset();
      if (n > 0) {
        taken.put(kind, n);
      }
    }
    return taken;
  }

  /**
   * One line for the counts, or empty when there are none: {@code <verb> <total> <what> in the last
   * <interval>: kind=n, …} with kinds in name order.
   */
  public static Optional<String> summary(
      String verb, String what, Duration interval, Map<String, Long> counts) {
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      return Optional.empty();
    }
    String byKind =
        new TreeMap<>(counts)
            .entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    return Optional.of(
        verb + " " + total + " " + what + " in the last " + seconds(interval) + ": " + byKind);
  }

  private static String seconds(Duration interval) {
    return interval.toMillis() % 1000 == 0
        ? interval.toSeconds() + "s"
        : interval.toMillis() + "ms";
  }
}
