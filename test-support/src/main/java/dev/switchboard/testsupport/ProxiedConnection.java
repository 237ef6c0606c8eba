package dev.switchboard.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One client connection through a {@link TcpProxy} and its upstream socket, with one thread per
 * direction. A half-close travels through; any failure on either side resets both.
 */
final class ProxiedConnection {

  private final Socket client;
  private final Socket upstream;
  private final ForwardingGate gate;
  private final Consumer<ProxiedConnection> onEnd;
  private final AtomicInteger openDirections = new AtomicInteger(2);

  ProxiedConnection(
      Socket client, Socket upstream, ForwardingGate gate, Consumer<ProxiedConnection> onEnd) {
    this.client = client;
    this.upstream = upstream;
    this.gate = gate;
    this.onEnd = onEnd;
  }

  void start(String name) {
    startPump(client, upstream, name + "-up");
    startPump(upstream, client, name + "-down");
  }

  /** Closes both sockets with SO_LINGER 0, so that each peer sees a reset rather than an EOF. */
  void reset() {
    resetQuietly(client);
    resetQuietly(upstream);
    onEnd.accept(this);
  }

  static void resetQuietly(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      // already closed
    }
    try {
      socket.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }

  private void startPump(Socket from, Socket to, String name) {
    Thread thread = new Thread(() -> pump(from, to), name);
    thread.setDaemon(true);
    thread.start();
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      while (true) {
        gate.awaitOpen();
        int read = in.read(buffer);
        gate.awaitOpen();
        if (read < 0) {
          to.shutdownOutput();
          break;
        }
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      reset();
      return;
    }
    if (openDirections.decrementAndGet() == 0) {
      closeQuietly(client);
      closeQuietly(upstream);
      onEnd.accept(this);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
