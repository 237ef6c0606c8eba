// Opens N short-lived sockets to an edge, a few at a time, and counts how each ended: for
// measuring what an edge logs per refused connect during a Redis outage (BENCHMARKS.md, "Logs").
// Nothing but the JDK: `java tools/ConnectStorm.java 1000 ws://127.0.0.1:8081 [concurrency]`.
// Needs an edge with switchboard.auth.mode=none (devices are storm-0 … storm-N-1).
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

public class ConnectStorm {

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: java tools/ConnectStorm.java <count> <ws://edge> [concurrency]");
      System.exit(2);
    }
    int count = Integer.parseInt(args[0]);
    String edge = args[1];
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    Semaphore slots = new Semaphore(concurrency);
    for (int i = 0; i < count; i++) {
      slots.acquire();
      URI uri = URI.create(edge + "/v1/connect?device=storm-" + i);
      CompletableFuture<String> ended = new CompletableFuture<>();
      http.newWebSocketBuilder()
          .buildAsync(
              uri,
              new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                  if (data.toString().contains("\"welcome\"")) {
                    // welcomed: the connect was not refused; leave at once
                    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
                  }
                  ws.request(1);
                  return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                  ended.complete("closed " + code);
                  return null;
                }

                @Override
                public void onError(WebSocket ws, Throwable error) {
                  ended.complete("error " + error.getClass().getSimpleName());
                }
              })
          .whenComplete(
              (ws, failure) -> {
                if (failure != null) {
                  Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                  ended.complete(
                      cause instanceof WebSocketHandshakeException h
                          ? "upgrade " + h.getResponse().statusCode()
                          : "error " + cause.getClass().getSimpleName());
                }
              });
      ended
          .completeOnTimeout("no answer in 30 s", 30, TimeUnit.SECONDS)
          .thenAccept(
              outcome -> {
                outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                slots.release();
              });
    }
    slots.acquire(concurrency);
    Map<String, Long> sorted = new TreeMap<>();
    outcomes.forEach((k, v) -> sorted.put(k, v.sum()));
    System.out.println(count + " connects: " + sorted);
  }
}
