// The Switchboard story in one minute, for `./switchboard demo`. A single-file Java program (run
// with `java tools/Demo.java`, no build): simulated devices connect to two edges, one edge is
// killed with SIGKILL, devices that come back move to the other edge at once, and the one that
// does not reads stale within the lease TTL and is then swept.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Demo {

  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String API = "http://localhost:" + port("SWITCHBOARD_API_PORT", "8080");
  static final List<String> EDGES =
      List.of("ws://localhost:" + port("SWITCHBOARD_EDGE_A_PORT", "8081"),
          "ws://localhost:" + port("SWITCHBOARD_EDGE_B_PORT", "8082"));
  static final long START = System.nanoTime();

  /** A device that reconnects with full-jitter back-off to the next edge, unless it is "off". */
  static final class Device implements WebSocket.Listener {
    final String id;
    final boolean reconnects;
    volatile int edge;
    volatile boolean closed;

    Device(String id, int edge, boolean reconnects) {
      this.id = id;
      this.edge = edge;
      this.reconnects = reconnects;
    }

    void connect() {
      HTTP.newWebSocketBuilder()
          .buildAsync(URI.create(EDGES.get(edge) + "/v1/connect?device=" + id), this)
          .exceptionally(e -> { retry(); return null; });
    }

    void retry() {
      if (!reconnects || closed) {
        return;
      }
      edge = (edge + 1) % EDGES.size();
      long delay = ThreadLocalRandom.current().nextLong(200, 1_200);
      new Thread(() -> { sleep(delay); connect(); }).start();
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
      if (code != 4001) {
        log("%s lost its edge (%d%s)%s", id, code, reason.isEmpty() ? "" : " " + reason,
            reconnects ? ", reconnecting with back-off" : ", and stays off");
        retry();
      }
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      log("%s lost its edge (%s)%s", id, error.getClass().getSimpleName(), reconnects ? ", reconnecting" : ", and stays off");
      retry();
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      ws.request(1);
      return null;
    }
  }

  public static void main(String[] args) throws Exception {
    long edgeAPid = Long.parseLong(args[0]);
    List<Device> devices = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      devices.add(new Device("phone-" + i, i <= 3 ? 0 : 1, i != 3));
    }
    log("connecting phone-1..3 to edge-a and phone-4 to edge-b (phone-3 will not reconnect: it is powered off)");
    devices.forEach(Device::connect);
    sleep(2_000);
    table(devices);

    log("kill -9 edge-a (pid %d): no drain, no cleanup, its entries stay in Redis", edgeAPid);
    ProcessHandle.of(edgeAPid).ifPresent(ProcessHandle::destroyForcibly);

    boolean sawStale = false;
    for (int second = 0; second < 60; second++) {
      sleep(1_000);
      String three = presence("phone-3");
      if (!sawStale && three.contains("\"stale\":true")) {
        sawStale = true;
        log("phone-3 reads stale: its edge's lease expired (no sweep needed for reads to be right)");
        table(devices);
      }
      if (sawStale && !three.contains("stale") && redisEntryGone(three)) {
        log("phone-3 swept: the sweeper removed the dead edge's entry (compare-and-delete)");
        break;
      }
    }
    table(devices);
    log("%s", get(API + "/v1/stats"));
    devices.forEach(d -> d.closed = true);
    log("done: devices that came back moved to edge-b in about a second; the one that did not read stale, then was swept");
    System.exit(0);
  }

  static boolean redisEntryGone(String presence) {
    return presence.contains("\"online\":false");
  }

  static void table(List<Device> devices) {
    for (Device d : devices) {
      String p = presence(d.id);
      log("  %-8s %s", d.id, summarize(p));
    }
  }

  static String summarize(String json) {
    if (json.contains("\"online\":true")) {
      Matcher pod = Pattern.compile("\"pod\":\"([^\"]*)\"").matcher(json);
      return "online on " + (pod.find() ? pod.group(1) : "?");
    }
    return json.contains("\"stale\":true") ? "offline (stale: owner edge is dead)" : "offline";
  }

  static String presence(String device) {
    return get(API + "/v1/presence/" + device);
  }

  static String get(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      return "{\"error\":\"" + e.getMessage() + "\"}";
    }
  }

  /** The port `./switchboard` chose (it passes its SWITCHBOARD_*_PORT overrides on). */
  static String port(String variable, String fallback) {
    return System.getenv().getOrDefault(variable, fallback);
  }

  static void log(String format, Object... args) {
    System.out.printf("[%5.1fs] %s%n", (System.nanoTime() - START) / 1e9, String.format(format, args));
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
