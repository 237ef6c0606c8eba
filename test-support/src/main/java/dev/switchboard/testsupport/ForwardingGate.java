package dev.switchboard.testsupport;

/**
 * Open or shut for every byte a {@link TcpProxy} forwards. While shut, forwarding threads park
 * before they read or write, so bytes stay queued in the proxy and the kernel buffers behind it.
 */
final class ForwardingGate {

  private boolean shut;
  private boolean released;

  synchronized void shut() {
    shut = true;
  }

  synchronized void open() {
    shut = false;
    notifyAll();
  }

  synchronized boolean isShut() {
    return shut;
  }

  /** Opens the gate for good, so that no forwarding thread stays parked after the proxy closes. */
  synchronized void release() {
    released = true;
    notifyAll();
  }

  synchronized void awaitOpen() throws InterruptedException {
    while (shut && !released) {
      wait();
    }
  }
}
