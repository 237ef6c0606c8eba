package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connect scenario's welcome→visible probes: each probe's timeline, so a tail can be told apart
 * into the wait before the first lookup was sent, lookups that did not find the device yet, and the
 * round trip of the lookup that did. Pure bookkeeping (times are {@code System.nanoTime()} values
 * handed in).
 */
final class ProbeLog {

  /**
   * One probe: the welcome, the first lookup's issue, when the device read online (or the probe
   * gave up), how many lookups it took, and the longest single lookup round trip.
   */
  record Probe(
      long welcomedAt,
      long issuedAt,
      long doneAt,
      int lookups,
      long slowestLookupNanos,
      int inFlightAtIssue,
      boolean visible) {

    double totalMs() {
      return (doneAt - welcomedAt) / 1e6;
    }

    double waitBeforeIssueMs() {
      return (issuedAt - welcomedAt) / 1e6;
    }

    double slowestLookupMs() {
      return slowestLookupNanos / 1e6;
    }
  }

  /** What the probes of a run say. */
  record Summary(
      Percentiles visible,
      Percentiles waitBeforeIssue,
      Percentiles slowestLookup,
      int neverVisible,
      int retried,
      int maxLookups,
      int maxInFlight,
      Map<String, Integer> lookupsNotOnline,
      Map<String, Integer> lookupFailures) {

    @Override
    public String toString() {
      return String.format(
          "welcome→visible %s; of which before the first lookup: p50 %.1f ms, p99 %.1f ms;"
              + " slowest lookup per probe: p50 %.1f ms, p99 %.1f ms; %d probes needed more than"
              + " one lookup (at most %d), %d never visible; at most %d probes in flight; lookups"
              + " that read the device not online: %s, that failed: %s",
          visible,
          waitBeforeIssue.p50(),
          waitBeforeIssue.p99(),
          slowestLookup.p50(),
          slowestLookup.p99(),
          retried,
          maxLookups,
          neverVisible,
          maxInFlight,
          lookupsNotOnline,
          lookupFailures);
    }
  }

  private final ConcurrentLinkedQueue<Probe> done = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final Map<String, Integer> notOnline = new ConcurrentHashMap<>();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  /**
   * A lookup was answered, but not with the device online: counted by {@code reason}, e.g. the
   * status and whether the answer was offline (no entry) or stale (the owner's lease expired).
   */
  void notOnline(String reason) {
    notOnline.merge(reason, 1, Integer::sum);
  }

  /** A lookup got no answer: counted by the failure's class and message. */
  void failed(Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    failures.merge(cause.getClass().getSimpleName() + ": " + cause.getMessage(), 1, Integer::sum);
  }

  /** A probe starts; returns how many were in flight before it. */
  int started() {
    int before = inFlight.getAndIncrement();
    maxInFlight.accumulateAndGet(before + 1, Math::max);
    return before;
  }

  /** A probe ends (the device read online, or the probe gave up). */
  void finished(Probe probe) {
    inFlight.decrementAndGet();
    done.add(probe);
  }

  List<Probe> probes() {
    return new ArrayList<>(done);
  }

  Summary summary() {
    List<Double> total = new ArrayList<>();
    List<Double> waits = new ArrayList<>();
    List<Double> lookups = new ArrayList<>();
    int never = 0;
    int retried = 0;
    int maxLookups = 0;
    for (Probe p : done) {
      if (!p.visible()) {
        never++;
        total.add(Double.POSITIVE_INFINITY);
      } else {
        total.add(p.totalMs());
      }
      waits.add(p.waitBeforeIssueMs());
      lookups.add(p.slowestLookupMs());
      if (p.lookups() > 1) {
        retried++;
      }
      maxLookups = Math.max(maxLookups, p.lookups());
    }
    return new Summary(
        Percentiles.of(total),
        Percentiles.of(waits),
        Percentiles.of(lookups),
        never,
        retried,
        maxLookups,
        maxInFlight.get(),
        new TreeMap<>(notOnline),
        new TreeMap<>(failures));
  }

  /**
   * One line per probe, in welcome order, times in milliseconds since {@code origin} (a {@code
   * System.nanoTime()} value): to see whether the tail clusters (a cold start, a GC pause) or is
   * spread over the run.
   */
  String csv(long origin) {
    StringBuilder out =
        new StringBuilder("welcomedMs,waitBeforeFirstLookupMs,totalMs,lookups,slowestLookupMs,");
    out.append("inFlightAtIssue,visible\n");
    done.stream()
        .sorted(java.util.Comparator.comparingLong(Probe::welcomedAt))
        .forEach(
            p ->
                out.append(
                    String.format(
                        java.util.Locale.ROOT,
                        "%.1f,%.1f,%.1f,%d,%.1f,%d,%b%n",
                        (p.welcomedAt() - origin) / 1e6,
                        p.waitBeforeIssueMs(),
                        p.totalMs(),
                        p.lookups(),
                        p.slowestLookupMs(),
                        p.inFlightAtIssue(),
                        p.visible())));
    return out.toString();
  }
}
