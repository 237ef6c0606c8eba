package dev.switchboard.edge.limits;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sheds connects by the work already queued rather than by a fixed rate: claims sent to Redis whose
 * answer has not come back. When Redis or this edge slows down (a reconnect storm, a busy node)
 * they pile up, and past the limit a newcomer is told to come back later at once, instead of
 * waiting for a claim that would time out anyway (switchboard.redis.timeout) after adding to the
 * pile. By Little's law the limit adapts to however fast the claims complete today.
 */
public final class PendingClaims {

  private final int limit;
  private final AtomicInteger pending = new AtomicInteger();

  public PendingClaims(int limit) {
    this.limit = limit;
  }

  /** Whether a newcomer should be shed now. A soft limit: racing upgrades may overshoot it. */
  public boolean isFull() {
    return pending.get() >= limit;
  }

  public void begin() {
    pending.incrementAndGet();
  }

  public void end() {
    pending.decrementAndGet();
  }

  public int count() {
    return pending.get();
  }
}
