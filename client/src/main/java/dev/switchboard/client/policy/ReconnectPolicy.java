package dev.switchboard.client.policy;

/**
 * Exponential back-off with full jitter, as the edge announces it in {@code welcome.reconnect}: the
 * delay before retry {@code attempt} (0-based) is uniform in [0, min(max, base × 2^attempt)].
 */
public record ReconnectPolicy(long baseMs, long maxMs) {

  /** The edge's defaults ({@code switchboard.edge.reconnect.base} / {@code .max}). */
  public static final ReconnectPolicy EDGE_DEFAULT = new ReconnectPolicy(1_000, 60_000);

  public ReconnectPolicy {
    if (baseMs <= 0 || maxMs < baseMs) {
      throw new IllegalArgumentException(
          "reconnect policy needs 0 < base <= max, got base "
              + baseMs
              + " ms, max "
              + maxMs
              + " ms");
    }
  }

  /** min(max, base × 2^attempt), without overflow for any attempt. */
  public long capForAttempt(int attempt) {
    int n = Math.max(0, attempt);
    // base << n stays a positive long while n < the number of leading zeros of base
    if (n >= Long.numberOfLeadingZeros(baseMs) - 1) {
      return maxMs;
    }
    return Math.min(maxMs, baseMs << n);
  }

  /** The full-jitter delay for {@code attempt}, from {@code uniform} in [0, 1). */
  public long fullJitter(int attempt, double uniform) {
    long cap = capForAttempt(attempt);
    return Math.min(cap, (long) Math.floor(clamp(uniform) * cap));
  }

  static double clamp(double uniform) {
    return uniform < 0 || Double.isNaN(uniform) ? 0 : Math.min(uniform, 1);
  }
}
