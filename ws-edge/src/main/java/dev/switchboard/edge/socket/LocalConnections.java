package dev.switchboard.edge.socket;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sockets this instance holds, by connection id and by device. A device can have several at
 * once here: the owner plus a newcomer being claimed, refused or shed. Each one counts until it is
 * removed, so a refused newcomer's close never hides the live owner from the audit (it used to, and
 * the audit deleted the owner's entry as a ghost).
 */
@ApplicationScoped
public class LocalConnections {

  private final ConcurrentHashMap<String, EdgeConnection> byConn = new ConcurrentHashMap<>();

  // An EdgeConnection, or a List of them in the rare case of several: one socket per device costs
  // no extra object, and that is nearly every device on a busy edge.
  private final ConcurrentHashMap<String, Object> byDevice = new ConcurrentHashMap<>();

  public void add(EdgeConnection connection) {
    byConn.put(connection.conn(), connection);
    byDevice.compute(connection.device(), (device, held) -> with(held, connection));
  }

  public void remove(EdgeConnection connection) {
    byConn.remove(connection.conn(), connection);
    byDevice.computeIfPresent(connection.device(), (device, held) -> without(held, connection));
  }

  public Optional<EdgeConnection> byConn(String conn) {
    return Optional.ofNullable(byConn.get(conn));
  }

  /** Whether this instance holds any socket of the device. */
  public boolean hasDevice(String device) {
    return byDevice.containsKey(device);
  }

  /**
   * Whether this instance holds a socket of the device other than {@code connection} that may still
   * need the device in the instance index: refused sockets never will.
   */
  public boolean hasOtherThan(String device, EdgeConnection connection) {
    Object held = byDevice.get(device);
    if (held instanceof List<?> several) {
      return several.stream().anyMatch(other -> other != connection && !isRefused(other));
    }
    return held != null && held != connection && !isRefused(held);
  }

  private static boolean isRefused(Object held) {
    EdgeConnection c = (EdgeConnection) held;
    return c.isClosing() && c.end().isRefusal();
  }

  public Collection<EdgeConnection> all() {
    return byConn.values();
  }

  public int size() {
    return byConn.size();
  }

  private static Object with(Object held, EdgeConnection added) {
    if (held == null || held == added) {
      return added;
    }
    List<Object> several = new ArrayList<>();
    if (held instanceof List<?> list) {
      several.addAll(list);
    } else {
      several.add(held);
    }
    several.add(added);
    return List.copyOf(several);
  }

  private static Object without(Object held, EdgeConnection removed) {
    if (held == removed) {
      return null;
    }
    if (!(held instanceof List<?> list)) {
      return held;
    }
    List<Object> rest = new ArrayList<>(list);
    rest.remove(removed);
    return rest.size() == 1 ? rest.get(0) : List.copyOf(rest);
  }
}
