package dev.switchboard.edge.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;

/** Instance-wide state that readiness and the upgrade guard read: Redis health, lease, draining. */
@ApplicationScoped
public class EdgeState {

  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile long lastRedisOkNanos = System.nanoTime();
  private volatile long lastLeaseRenewedNanos = 0;
  private volatile boolean registered;
  private volatile boolean redisDown;

  public boolean isDraining() {
    return draining.get();
  }

  /** True exactly once, for whoever starts the drain. */
  public boolean startDraining() {
    return draining.compareAndSet(false, true);
  }

  public void redisOk(long nowNanos) {
    lastRedisOkNanos = nowNanos;
    redisDown = false;
  }

  /** Records a failed Redis call; returns true when this is the first failure of an outage. */
  public boolean redisFailed() {
    boolean first = !redisDown;
    redisDown = true;
    return first;
  }

  public boolean isRedisDown() {
    return redisDown;
  }

  public long redisDownForNanos(long nowNanos) {
    return redisDown ? nowNanos - lastRedisOkNanos : 0;
  }

  public void leaseRenewed(long nowNanos) {
    lastLeaseRenewedNanos = nowNanos;
    registered = true;
  }

  public boolean isRegistered() {
    return registered;
  }

  public long leaseAgeNanos(long nowNanos) {
    return lastLeaseRenewedNanos == 0 ? Long.MAX_VALUE : nowNanos - lastLeaseRenewedNanos;
  }
}
