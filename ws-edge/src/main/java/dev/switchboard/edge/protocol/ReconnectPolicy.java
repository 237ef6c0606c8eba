package dev.switchboard.edge.protocol;

/** Exponential back-off with full jitter, announced in {@code welcome}. */
public record ReconnectPolicy(long baseMs, long maxMs, String jitter) {

  public static ReconnectPolicy fullJitter(long baseMs, long maxMs) {
    return new ReconnectPolicy(baseMs, maxMs, "full");
  }

  /** The cap for attempt {@code n} (0-based): min(max, base * 2^n); a client sleeps U(0, cap). */
  public long capForAttempt(int attempt) {
    long cap = baseMs << Math.min(attempt, 30);
    return cap <= 0 ? maxMs : Math.min(maxMs, cap);
  }

  /**
   * The retry hint for a shed connect, spread over [base, 2 × base) by {@code uniform} in [0, 1),
   * so that clients shed together that honour it do not come back together.
   */
  public long shedRetryMs(double uniform) {
    return Math.min(maxMs, baseMs + (long) (uniform * baseMs));
  }
}
