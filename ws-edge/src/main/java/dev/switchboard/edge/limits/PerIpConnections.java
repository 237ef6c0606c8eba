package dev.switchboard.edge.limits;

import java.util.concurrent.ConcurrentHashMap;

/** Counts open connections per remote IP and refuses one more past the cap. */
public final class PerIpConnections {

  private final int max;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  public PerIpConnections(int max) {
    this.max = max;
  }

  /** Reserves a slot for the IP; false when it already holds {@code max} connections. */
  public boolean tryAcquire(String ip) {
    boolean[] acquired = {false};
    open.compute(
        ip,
        (k, count) -> {
          int current = count == null ? 0 : count;
          if (current >= max) {
            return count;
          }
          acquired[0] = true;
          return current + 1;
        });
    return acquired[0];
  }

  /** Frees a slot reserved by {@link #tryAcquire}. */
  public void release(String ip) {
    open.computeIfPresent(ip, (k, count) -> count <= 1 ? null : count - 1);
  }

  public int openFrom(String ip) {
    return open.getOrDefault(ip, 0);
  }
}
