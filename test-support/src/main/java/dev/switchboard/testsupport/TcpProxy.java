package dev.switchboard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of one host and port, for network faults that a process signal
 * cannot make: a blackhole that keeps connections open ({@link #freeze()}), connections reset under
 * the client ({@link #dropAll()}) and a port that refuses new connections ({@link
 * #refuseNew(boolean)}). Point the system under test at {@link #url()} or {@link #port()} instead
 * of the real target.
 */
public final class TcpProxy implements AutoCloseable {

  private static final int CONNECT_TIMEOUT_MILLIS = 1_000;

  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final ForwardingGate gate = new ForwardingGate();
  private final Set<ProxiedConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private ServerSocket listener;
  private Thread acceptor;
  private volatile boolean closed;

  private TcpProxy(String targetHost, int targetPort, ServerSocket listener) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.listener = listener;
    this.port = listener.getLocalPort();
  }

  /** Starts a proxy on a free loopback port that forwards to {@code host:port}. */
  public static TcpProxy to(String host, int port) {
    TcpProxy proxy = new TcpProxy(host, port, listen(0));
    proxy.acceptOn(proxy.listener);
    return proxy;
  }

  /** Starts a proxy in front of a Redis server. */
  public static TcpProxy to(RedisServer server) {
    return to(server.host(), server.port());
  }

  public String host() {
    return "127.0.0.1";
  }

  /** The port clients connect to. */
  public int port() {
    return port;
  }

  /** A {@code redis://} URL through the proxy, for when the target is a Redis. */
  public String url() {
    return "redis://" + host() + ":" + port;
  }

  /**
   * Stops forwarding in both directions while every socket stays open: requests go unanswered and
   * time out, as behind a dropped route. New connections are still accepted, and blackholed too.
   */
  public void freeze() {
    gate.shut();
  }

  /** Forwards again; whatever was sent while frozen is delivered now. */
  public void thaw() {
    gate.open();
  }

  public boolean isFrozen() {
    return gate.isShut();
  }

  /** Resets every proxied connection (RST to both client and target); new ones still work. */
  public void dropAll() {
    List.copyOf(connections).forEach(ProxiedConnection::reset);
  }

  /** Proxied connections open right now. */
  public int openConnections() {
    return connections.size();
  }

  /**
   * While {@code true}, nothing listens on the port, so a new connection is refused (ECONNREFUSED);
   * connections already open keep working.
   */
  public synchronized void refuseNew(boolean refuse) {
    if (closed) {
      throw new IllegalStateException("proxy on port " + port + " is closed");
    }
    if (refuse && listener != null) {
      closeListener();
    } else if (!refuse && listener == null) {
      listener = listen(port);
      acceptOn(listener);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      closeListener();
    }
    gate.release();
    dropAll();
  }

  private static ServerSocket listen(int port) {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on loopback port " + port, e);
    }
  }

  private void closeListener() {
    if (listener == null) {
      return;
    }
    try {
      listener.close();
    } catch (IOException e) {
      // the accept thread ends either way
    }
    listener = null;
    // The socket is released only once the thread blocked in accept() has left it.
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptOn(ServerSocket server) {
    acceptor = new Thread(() -> acceptLoop(server), "tcp-proxy-" + port + "-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void acceptLoop(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        forward(server.accept());
      } catch (IOException e) {
        return;
      }
    }
  }

  private void forward(Socket client) {
    Socket upstream = new Socket();
    try {
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
      upstream.connect(new InetSocketAddress(targetHost, targetPort), CONNECT_TIMEOUT_MILLIS);
    } catch (IOException e) {
      // The target is down: the client sees its connection reset, not a hang.
      ProxiedConnection.resetQuietly(client);
      ProxiedConnection.resetQuietly(upstream);
      return;
    }
    ProxiedConnection connection =
        new ProxiedConnection(client, upstream, gate, connections::remove);
    connections.add(connection);
    if (closed) {
      connection.reset();
      return;
    }
    connection.start("tcp-proxy-" + port + "-" + accepted.incrementAndGet());
  }
}
