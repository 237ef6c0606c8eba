package dev.switchboard.edge.socket;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The sockets this instance holds, by connection id and by device. */
@ApplicationScoped
public class LocalConnections {

  private final ConcurrentHashMap<String, EdgeConnection> byConn = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, EdgeConnection> byDevice = new ConcurrentHashMap<>();

  public void add(EdgeConnection connection) {
    byConn.put(connection.conn(), connection);
    byDevice.put(connection.device(), connection);
  }

  public void remove(EdgeConnection connection) {
    byConn.remove(connection.conn(), connection);
    byDevice.remove(connection.device(), connection);
  }

  public Optional<EdgeConnection> byConn(String conn) {
    return Optional.ofNullable(byConn.get(conn));
  }

  /** The newest local connection of the device, if any. */
  public Optional<EdgeConnection> byDevice(String device) {
    return Optional.ofNullable(byDevice.get(device));
  }

  public boolean hasDevice(String device) {
    return byDevice.containsKey(device);
  }

  public Collection<EdgeConnection> all() {
    return byConn.values();
  }

  public int size() {
    return byConn.size();
  }
}
