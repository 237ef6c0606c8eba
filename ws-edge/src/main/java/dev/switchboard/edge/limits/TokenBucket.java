package dev.switchboard.edge.limits;

/**
 * Admission rate limit: {@code ratePerSecond} tokens refill continuously up to {@code burst}. The
 * clock is passed in, so the arithmetic is tested without waiting.
 */
public final class TokenBucket {

  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long lastNanos;

  public TokenBucket(int ratePerSecond, int burst, long nowNanos) {
    this.ratePerNano = ratePerSecond / 1_000_000_000.0;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = nowNanos;
  }

  /** Takes one token if there is one. */
  public synchronized boolean tryAcquire(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Milliseconds until the next token, as a Retry-After hint. */
  public synchronized long millisUntilNextToken(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / ratePerNano / 1_000_000.0);
  }

  private void refill(long nowNanos) {
    long elapsed = Math.max(0, nowNanos - lastNanos);
    tokens = Math.min(burst, tokens + elapsed * ratePerNano);
    lastNanos = nowNanos;
  }
}
