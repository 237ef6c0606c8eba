package dev.switchboard.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket server on a real loopback socket that a test scripts frame by frame: for what the
 * packaged edge cannot do yet (durable {@code message {id, seq, payload}} frames, a re-send after a
 * reconnect). It speaks just enough RFC 6455 for the JDK client: the upgrade, unfragmented text
 * frames, close and ping.
 */
final class ScriptedEdge implements AutoCloseable {

  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ServerSocket listener;
  private final BlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();

  ScriptedEdge() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "scripted-edge-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI uri() {
    return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/v1/connect");
  }

  /** The next upgraded connection. */
  Connection nextConnection() throws InterruptedException {
    Connection c = accepted.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (c == null) {
      throw new AssertionError("no connection within " + WAIT);
    }
    return c;
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket socket = listener.accept();
        Connection connection = new Connection(socket);
        connection.upgrade();
        Thread reader = new Thread(connection::readLoop, "scripted-edge-read");
        reader.setDaemon(true);
        reader.start();
        accepted.add(connection);
      } catch (IOException e) {
        return;
      }
    }
  }

  /** One client connection: what it sent (text frames, in order), and what to send it. */
  static final class Connection {
    private final Socket socket;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private volatile String requestLine;
    private volatile boolean ended;

    Connection(Socket socket) {
      this.socket = socket;
    }

    /** {@code GET /v1/connect?device=… HTTP/1.1} */
    String requestLine() {
      return requestLine;
    }

    /** The next text frame the client sent that contains {@code fragment}, skipping others. */
    String next(String fragment) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        String text = received.poll(50, TimeUnit.MILLISECONDS);
        if (text != null && text.contains(fragment)) {
          return text;
        }
      }
      throw new AssertionError("no frame with " + fragment + " within " + WAIT);
    }

    /** Text frames received so far that contain {@code fragment}, taken off the queue. */
    java.util.List<String> drain(String fragment) {
      java.util.List<String> all = new java.util.ArrayList<>();
      received.drainTo(all);
      return all.stream().filter(t -> t.contains(fragment)).toList();
    }

    /** Whether the client ended the connection (close frame or EOF). */
    boolean ended() {
      return ended;
    }

    synchronized void send(String text) throws IOException {
      write(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    synchronized void close(int code, String reason) throws IOException {
      byte[] text = reason.getBytes(StandardCharsets.UTF_8);
      byte[] payload = new byte[2 + text.length];
      payload[0] = (byte) (code >> 8);
      payload[1] = (byte) code;
      System.arraycopy(text, 0, payload, 2, text.length);
      write(0x8, payload);
    }

    private void write(int opcode, byte[] payload) throws IOException {
      OutputStream out = socket.getOutputStream();
      out.write(0x80 | opcode);
      if (payload.length < 126) {
        out.write(payload.length);
      } else {
        out.write(126);
        out.write(payload.length >> 8);
        out.write(payload.length);
      }
      out.write(payload);
      out.flush();
    }

    private void upgrade() throws IOException {
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("upgrade request ended early");
        }
        head.write(b);
      }
      String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
      requestLine = lines[0];
      String key = "";
      for (String line : lines) {
        if (line.toLowerCase().startsWith("sec-websocket-key:")) {
          key = line.substring(line.indexOf(':') + 1).trim();
        }
      }
      String response =
          "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Accept: "
              + accept(key)
              + "\r\n\r\n";
      socket.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
    }

    private void readLoop() {
      try {
        InputStream in = socket.getInputStream();
        while (true) {
          int b0 = in.read();
          int b1 = in.read();
          if (b0 < 0 || b1 < 0) {
            break;
          }
          long length = b1 & 0x7f;
          if (length == 126) {
            length = (in.read() << 8) | in.read();
          } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
              length = (length << 8) | in.read();
            }
          }
          byte[] mask = in.readNBytes(4);
          byte[] payload = in.readNBytes((int) length);
          for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
          }
          int opcode = b0 & 0x0f;
          if (opcode == 0x1) {
            received.add(new String(payload, StandardCharsets.UTF_8));
          } else if (opcode == 0x8) {
            break;
          } else if (opcode == 0x9) {
            synchronized (this) {
              write(0xA, payload);
            }
          }
        }
      } catch (IOException e) {
        // the client dropped the connection
      } finally {
        ended = true;
        try {
          socket.close();
        } catch (IOException e) {
          // closed either way
        }
      }
    }

    private static String accept(String key) {
      try {
        byte[] digest =
            MessageDigest.getInstance("SHA-1")
                .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
        return Base64.getEncoder().encodeToString(digest);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
