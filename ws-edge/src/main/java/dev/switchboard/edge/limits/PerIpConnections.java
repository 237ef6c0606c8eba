package dev.switchboard.edge.limits;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts open connections per remote IP. A slot is taken when a socket opens and freed when it
 * closes ({@code @OnOpen}/{@code @OnClose} always pair); the upgrade check only asks whether the
 * address is at its cap. Reserving at the check leaked: an upgrade that fails after the check (no
 * {@code Upgrade} header, an unknown version) never opens nor closes a socket.
 */
public final class PerIpConnections {

  private final int max;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  public PerIpConnections(int max) {
    this.max = max;
  }

  /** Whether the address already holds {@code max} open connections. */
  public boolean isFull(String ip) {
    return open.getOrDefault(ip, 0) >= max;
  }

  /**
   * Takes a slot for an opened socket, even past the cap: several upgrades of one address that
   * passed the check at once may overshoot it by the handshakes in flight, never more.
   */
  public void opened(String ip) {
    open.merge(ip, 1, Integer::sum);
  }

  /** Frees a slot taken by {@link #opened}. */
  public void release(String ip) {
    open.computeIfPresent(ip, (k, count) -> count <= 1 ? null : count - 1);
  }

  public int openFrom(String ip) {
    return open.getOrDefault(ip, 0);
  }
}
