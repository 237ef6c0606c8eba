// The Switchboard story in one minute, for `./switchboard demo`. A single-file Java program run
// with the client library on the class path (`java -cp "client/target/switchboard-client.jar:
// client/target/lib/*" tools/Demo.java`; `./switchboard demo` does it): simulated devices
// connect to two edges with the client library, one edge is killed with SIGKILL, a durable message
// is sent to a device while it is between edges and arrives once it reconnects, devices that come
// back move to the other edge at once, and the one that does not reads stale within the lease TTL
// and is then swept.
import dev.switchboard.client.ClientState;
import dev.switchboard.client.SwitchboardClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Demo {

  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String API = "http://localhost:" + port("SWITCHBOARD_API_PORT", "8080");
  static final List<URI> EDGES =
      List.of(URI.create("ws://localhost:" + port("SWITCHBOARD_EDGE_A_PORT", "8081")),
          URI.create("ws://localhost:" + port("SWITCHBOARD_EDGE_B_PORT", "8082")));
  static final long START = System.nanoTime();
  static volatile boolean ending;
  static final java.util.logging.Logger CLIENT_LOG =
      java.util.logging.Logger.getLogger("dev.switchboard.client");

  /**
   * A device: a client-library client that starts on one edge and reconnects with the edge's
   * full-jitter back-off to the other (its fallback), unless it is powered off.
   */
  static final class Device {
    final String id;
    final boolean reconnects;
    final SwitchboardClient client;

    Device(String id, int edge, boolean reconnects) {
      this.id = id;
      this.reconnects = reconnects;
      this.client = SwitchboardClient.builder(EDGES.get(edge), id)
          .fallbackEndpoints(List.of(EDGES.get(1 - edge)))
          .maxAttempts(reconnects ? Integer.MAX_VALUE : 0)
          .onMessage(m -> log("%s received %s (durable: %s)", id, m.payload(), m.durable()))
          .onStateChange(state -> {
            if (ending) {
              return;
            }
            if (state instanceof ClientState.Closed closed && closed.isFinal()) {
              log("%s lost its edge and stays off (it is powered off)", id);
            } else if (state instanceof ClientState.Closed closed && closed.code() != 1000) {
              log("%s lost its edge (%d, %s)", id, closed.code(),
                  closed.reason().isBlank() ? "no close frame" : closed.reason());
            } else if (state instanceof ClientState.ReconnectScheduled next) {
              log("%s reconnects in %d ms (full-jitter back-off from the welcome)", id, next.delayMs());
            }
          })
          .build();
    }

    void connect() {
      client.connect();
    }
  }

  public static void main(String[] args) throws Exception {
    // the story prints its own lines; the library's INFO lines would repeat them
    CLIENT_LOG.setLevel(java.util.logging.Level.WARNING);
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
    log("POST a durable message to phone-1 while it is between edges: %s",
        post(API + "/v1/devices/phone-1/messages", "{\"text\":\"sent while you were away\"}"));

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
    ending = true;
    devices.forEach(d -> d.client.close());
    log("done: devices that came back moved to edge-b in about a second and got what was sent meanwhile; the one that did not read stale, then was swept");
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

  static String post(String url, String json) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
              .header("content-type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json))
              .timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() + " " + response.body();
    } catch (Exception e) {
      return "{\"error\":\"" + e.getMessage() + "\"}";
    }
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
