package dev.switchboard.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A WebSocket client on a bare TCP socket, for what a well-behaved client library will not do, and
 * so what {@link WsTestClient} cannot: complete the handshake and then go silent (never read, never
 * answer pings, like a device that lost power), drop the TCP connection without a close frame, or
 * read a refused upgrade's status line and headers as the server wrote them, send frames no library
 * sends (one unfragmented frame of many MiB, broken fragment sequences, any opcode) and tell a
 * close frame from a reset. Everything else belongs in {@link WsTestClient}.
 */
public final class RawWebSocket implements AutoCloseable {

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final int status;
  private final Map<String, String> headers;

  private RawWebSocket(Socket socket, int status, Map<String, String> headers) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.status = status;
    this.headers = headers;
  }

  /** Sends an upgrade request and reads the response head; {@link #status} is 101 on success. */
  public static RawWebSocket connect(
      URI base, String pathAndQuery, Map<String, String> extraHeaders) throws IOException {
    return connect(base, pathAndQuery, extraHeaders, "");
  }

  /**
   * Like {@link #connect(URI, String, Map)}, as an L4 load balancer speaking the PROXY protocol
   * would: the connection opens with {@code proxyHeader} (a v1 line such as {@code "PROXY TCP4
   * 203.0.113.7 10.0.0.5 51234 8081\r\n"}), then the upgrade request follows.
   */
  public static RawWebSocket connect(
      URI base, String pathAndQuery, Map<String, String> extraHeaders, String proxyHeader)
      throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 2_000);
    socket.setSoTimeout(10_000);
    socket.getOutputStream().write(proxyHeader.getBytes(StandardCharsets.US_ASCII));
    byte[] nonce = new byte[16];
    new SecureRandom().nextBytes(nonce);
    StringBuilder request =
        new StringBuilder()
            .append("GET ")
            .append(pathAndQuery)
            .append(" HTTP/1.1\r\n")
            .append("Host: ")
            .append(base.getHost())
            .append(':')
            .append(base.getPort())
            .append("\r\n")
            .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
            .append("Sec-WebSocket-Key: ")
            .append(Base64.getEncoder().encodeToString(nonce))
            .append("\r\n")
            .append("Sec-WebSocket-Version: 13\r\n");
    extraHeaders.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
    request.append("\r\n");
    socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    InputStream raw = socket.getInputStream();
    String statusLine = readLine(raw);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = readLine(raw); !line.isEmpty(); line = readLine(raw)) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    return new RawWebSocket(socket, status, headers);
  }

  /** The HTTP status of the upgrade's response: 101 when it was accepted. */
  public int status() {
    return status;
  }

  /** The upgrade response's headers, names in lower case. */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * The body of a refused upgrade (its {@code Content-Length} bytes, decoded as UTF-8); empty when
   * the response has none. Read it once, before anything else is read.
   */
  public String body() throws IOException {
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = new byte[length];
    in.readFully(body);
    return new String(body, StandardCharsets.UTF_8);
  }

  /** One frame as received: its opcode, whether it ends its message, and its payload. */
  public record Frame(int opcode, boolean fin, byte[] payload) {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** The payload as UTF-8 text. */
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  /** Reads the next frame of any kind (server frames are never masked). */
  public Frame readFrame() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    long length = b1 & 0x7F;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[Math.toIntExact(length)];
    in.readFully(payload);
    return new Frame(b0 & 0x0F, (b0 & 0x80) != 0, payload);
  }

  /** Reads frames until a text frame arrives (pings are ignored, not answered). */
  public String readText() throws IOException {
    while (true) {
      Frame frame = readFrame();
      if (frame.opcode() == Frame.TEXT) {
        return frame.text();
      }
      if (frame.opcode() == Frame.CLOSE) {
        throw new IOException("closed by server: " + closeCode(frame.payload()));
      }
    }
  }

  /**
   * Reads (and drops) frames until the server's close frame and says what it carried; 1006 with the
   * failure when the connection ended without one (a reset, or the stream ending first), which is
   * what a browser would report.
   */
  public WsTestClient.CloseStatus awaitClose() {
    try {
      while (true) {
        Frame frame = readFrame();
        if (frame.opcode() == Frame.CLOSE) {
          byte[] p = frame.payload();
          String reason =
              p.length > 2 ? new String(p, 2, p.length - 2, StandardCharsets.UTF_8) : "";
          return new WsTestClient.CloseStatus(closeCode(p), reason);
        }
      }
    } catch (IOException e) {
      return new WsTestClient.CloseStatus(1006, e.toString());
    }
  }

  /** Sends one masked, unfragmented text frame. */
  public void sendText(String text) throws IOException {
    sendFrame(Frame.TEXT, true, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends one masked frame with any opcode; {@code fin} false starts or continues a fragmented
   * message. The payload is masked and written in slices, so a frame of many MiB streams out as a
   * browser's would, and a server that stops reading makes this throw.
   */
  public void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.write((fin ? 0x80 : 0) | (opcode & 0x0F));
    if (payload.length < 126) {
      header.write(0x80 | payload.length);
    } else if (payload.length <= 0xFFFF) {
      header.write(0x80 | 126);
      header.write(payload.length >> 8);
      header.write(payload.length & 0xFF);
    } else {
      header.write(0x80 | 127);
      long length = payload.length;
      for (int shift = 56; shift >= 0; shift -= 8) {
        header.write((int) (length >> shift) & 0xFF);
      }
    }
    byte[] mask = new byte[4];
    new SecureRandom().nextBytes(mask);
    header.write(mask);
    out.write(header.toByteArray());
    byte[] slice = new byte[64 * 1024];
    for (int offset = 0; offset < payload.length; offset += slice.length) {
      int n = Math.min(slice.length, payload.length - offset);
      for (int i = 0; i < n; i++) {
        slice[i] = (byte) (payload[offset + i] ^ mask[(offset + i) % 4]);
      }
      out.write(slice, 0, n);
    }
    out.flush();
  }

  /** The status code of a close frame's payload, 1005 when it carries none. */
  private static int closeCode(byte[] payload) {
    return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
  }

  /** Whether the server has ended the TCP connection (reads for up to 200 ms). */
  public boolean isClosedByPeer() {
    try {
      socket.setSoTimeout(200);
      while (true) {
        int b = socket.getInputStream().read();
        if (b == -1) {
          return true;
        }
      }
    } catch (IOException e) {
      return e.getMessage() != null && e.getMessage().contains("reset");
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b == -1) {
        throw new IOException("connection closed during handshake");
      }
      if (previous == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
      }
      line.write(b);
      previous = b;
    }
  }
}
