package dev.switchboard.testsupport;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The WebSocket client of Switchboard's tests: a real, well-behaved client ({@code
 * java.net.http.WebSocket}, which answers pings and close frames itself) that records what it
 * receives. It needs no Quarkus application around it, so the same client serves {@code
 * QuarkusTest}s and tests of packaged processes.
 *
 * <p>Received text frames are parsed as JSON and queued; {@link #next(String)} waits for one of a
 * type. A refused upgrade surfaces as {@link UpgradeRefusedException} with the HTTP status. For
 * what a well-behaved client cannot do (go silent, write raw frames), see {@link RawWebSocket}.
 */
public final class WsTestClient implements AutoCloseable {

  /** The edge's device endpoint, the path unless {@link Builder#path} says otherwise. */
  public static final String CONNECT_PATH = "/v1/connect";

  private static final Duration FRAME_WAIT = Duration.ofSeconds(10);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(15);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final List<Long> pingNanos = new CopyOnWriteArrayList<>();
  private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
  private volatile WebSocket socket;
  private volatile String connectionId;

  private WsTestClient() {}

  /** How a socket ended: the close code and reason received, or 1006 if it broke without one. */
  public record CloseStatus(int code, String reason) {}

  /** The upgrade was answered with an HTTP status other than 101. */
  public static final class UpgradeRefusedException extends RuntimeException {
    private final int status;
    private final HttpHeaders headers;

    UpgradeRefusedException(int status, HttpHeaders headers) {
      super("upgrade refused with HTTP " + status + " " + headers.map());
      this.status = status;
      this.headers = headers;
    }

    /** The HTTP status of the refusal. */
    public int status() {
      return status;
    }

    /** The first value of a response header, if present. */
    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }
  }

  /** Starts a connection to the server at {@code base} (http, https, ws or wss; path ignored). */
  public static Builder to(URI base) {
    return new Builder(base);
  }

  /** Connects to {@link #CONNECT_PATH} with a query string (may be empty) and request headers. */
  public static WsTestClient connect(URI base, String query, Map<String, String> headers) {
    Builder builder = to(base).query(query);
    headers.forEach(builder::header);
    return builder.connect();
  }

  /** Connects to {@link #CONNECT_PATH} with {@code Authorization: Bearer <token>}. */
  public static WsTestClient connect(URI base, String token) {
    return to(base).bearer(token).connect();
  }

  /** Options of one connection. */
  public static final class Builder {
    private final URI base;
    private String path = CONNECT_PATH;
    private String query = "";
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> subprotocols = new ArrayList<>();

    private Builder(URI base) {
      this.base = base;
    }

    /** The path to upgrade on. */
    public Builder path(String path) {
      this.path = path;
      return this;
    }

    /** The query string, without {@code ?}; empty for none. */
    public Builder query(String query) {
      this.query = query;
      return this;
    }

    /** A request header of the upgrade. */
    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /** {@code Authorization: Bearer <token>}. */
    public Builder bearer(String token) {
      return header("Authorization", "Bearer " + token);
    }

    /** Subprotocols offered in {@code Sec-WebSocket-Protocol}, most preferred first. */
    public Builder subprotocols(String... offered) {
      subprotocols.addAll(List.of(offered));
      return this;
    }

    /**
     * Completes the upgrade.
     *
     * @throws UpgradeRefusedException if the server answers with another status than 101
     */
    public WsTestClient connect() {
      WsTestClient client = new WsTestClient();
      WebSocket.Builder builder = HTTP.newWebSocketBuilder();
      headers.forEach(builder::header);
      if (!subprotocols.isEmpty()) {
        builder.subprotocols(
            subprotocols.get(0),
            subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
      }
      try {
        client.socket = builder.buildAsync(uri(), client.new Listener()).join();
      } catch (CompletionException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
          if (cause instanceof WebSocketHandshakeException refused) {
            throw new UpgradeRefusedException(
                refused.getResponse().statusCode(), refused.getResponse().headers());
          }
        }
        throw e;
      }
      return client;
    }

    private URI uri() {
      String scheme =
          switch (base.getScheme()) {
            case "https", "wss" -> "wss";
            default -> "ws";
          };
      return URI.create(
          scheme + "://" + base.getRawAuthority() + path + (query.isEmpty() ? "" : "?" + query));
    }
  }

  /** Waits up to 10 s for the next frame of the given {@code type}, skipping frames of others. */
  public JsonObject next(String type) {
    long deadline = System.nanoTime() + FRAME_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject frame = poll(Duration.ofMillis(100));
      if (frame != null && type.equals(frame.getString("type"))) {
        return frame;
      }
    }
    throw new AssertionError(
        "no '" + type + "' frame within " + FRAME_WAIT + "; closed=" + closeStatus());
  }

  /**
   * Waits up to {@code wait} for the next frame of the given {@code type}, skipping frames of
   * others; empty if none came.
   */
  public Optional<JsonObject> nextWithin(String type, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject frame = poll(Duration.ofMillis(Math.min(100, Math.max(1, wait.toMillis()))));
      if (frame != null && type.equals(frame.getString("type"))) {
        return Optional.of(frame);
      }
    }
    return Optional.empty();
  }

  /** The connection id from the {@code welcome} frame (waits for it the first time). */
  public String connectionId() {
    if (connectionId == null) {
      connectionId = next("welcome").getString("connectionId");
    }
    return connectionId;
  }

  /** Whether a frame is queued and not yet taken by {@link #next(String)}. */
  public boolean hasFrames() {
    return !frames.isEmpty();
  }

  /**
   * When each server ping arrived ({@link System#nanoTime()}); the JDK answers each with a pong.
   */
  public List<Long> pingNanos() {
    return List.copyOf(pingNanos);
  }

  /** The subprotocol the server selected, empty string for none. */
  public String subprotocol() {
    return socket.getSubprotocol();
  }

  /** Sends one text frame and waits until it is written. */
  public void send(String text) {
    socket.sendText(text, true).join();
  }

  /** Sends one binary frame and waits until it is written. */
  public void sendBinary(byte[] data) {
    socket.sendBinary(ByteBuffer.wrap(data), true).join();
  }

  /** How the socket ended, or empty while it is open. */
  public Optional<CloseStatus> closeStatus() {
    return Optional.ofNullable(closed.getNow(null));
  }

  /** Waits up to 15 s for the socket to end and says how it ended. */
  public CloseStatus awaitClose() {
    try {
      return closed.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("socket still open after " + CLOSE_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Closes with 1000 and waits briefly for the server's close; aborts the socket if none comes. */
  @Override
  public void close() {
    if (closed.isDone()) {
      return;
    }
    try {
      if (!socket.isOutputClosed()) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
      }
      closed.get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      socket.abort();
    } catch (ExecutionException | TimeoutException e) {
      socket.abort();
    }
  }

  private JsonObject poll(Duration wait) {
    try {
      return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Receives on the JDK's threads; asks for one message at a time. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(new JsonObject(partial.toString()));
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      pingNanos.add(System.nanoTime());
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(new CloseStatus(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(new CloseStatus(1006, String.valueOf(error)));
    }
  }
}
