package dev.switchboard.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately tiny RESP2 client so that the fixture can probe and administer the Redis it
 * started without depending on the client library under test.
 */
public final class RespClient {

  private RespClient() {}

  /**
   * Runs one command on a fresh connection and returns its reply: a String for simple, bulk and
   * integer replies, a List for arrays, null for a nil reply.
   *
   * @throws RespError when Redis answers with an error reply
   * @throws IOException when the server cannot be reached
   */
  public static Object call(String host, int port, String... args) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(encode(args));
      out.flush();
      return read(new BufferedInputStream(socket.getInputStream()));
    }
  }

  static byte[] encode(String... args) {
    StringBuilder sb = new StringBuilder().append('*').append(args.length).append("\r\n");
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      sb.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Object read(InputStream in) throws IOException {
    int type = in.read();
    String line = readLine(in);
    switch (type) {
      case '+':
      case ':':
        return line;
      case '-':
        throw new RespError(line);
      case '$':
        {
          int length = Integer.parseInt(line);
          if (length < 0) {
            return null;
          }
          byte[] data = in.readNBytes(length);
          readLine(in);
          return new String(data, StandardCharsets.UTF_8);
        }
      case '*':
        {
          int count = Integer.parseInt(line);
          if (count < 0) {
            return null;
          }
          List<Object> items = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            items.add(read(in));
          }
          return items;
        }
      case -1:
        throw new IOException("connection closed by Redis");
      default:
        throw new IOException("unexpected RESP type byte " + type);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b == -1) {
        throw new IOException("connection closed by Redis");
      }
      if (previous == '\r' && b == '\n') {
        byte[] bytes = buffer.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
      }
      buffer.write(b);
      previous = b;
    }
  }

  /** An error reply from Redis. */
  public static final class RespError extends IOException {
    RespError(String message) {
      super(message);
    }
  }
}
