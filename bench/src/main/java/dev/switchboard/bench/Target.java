package dev.switchboard.bench;

/** A WebSocket server to connect to, and the pod name the presence API reports for it. */
record Target(String host, int port, String path, String pod) {

  static Target edge(int port, String pod) {
    return new Target("127.0.0.1", port, "/v1/connect", pod);
  }
}
