package dev.switchboard.faults.harness;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * An SSE client of {@code GET /v1/events} that folds what it reads into per-device state, ordered
 * by epoch as the design tells consumers to: an {@code online} with a higher epoch wins; an {@code
 * offline} or {@code swept} ends the connection of its epoch and anything older. It remembers every
 * {@code reset} (a gap was announced) and every event, for counts and repairs.
 */
public final class EventFold implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One SSE event as read. */
  public record Event(String id, String name, JsonObject data) {}

  /** What the fold says of one device. */
  public record State(boolean online, String conn, String pod, long epoch) {}

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final Api api;
  private final AtomicReference<CompletableFuture<HttpResponse<Stream<String>>>> response =
      new AtomicReference<>();
  private final AtomicReference<Stream<String>> lines = new AtomicReference<>();
  private final CompletableFuture<Integer> opened = new CompletableFuture<>();
  private final Thread reader;
  private volatile String lastId;
  private volatile boolean closed;
  private volatile int reconnects;

  private EventFold(Api api, Optional<String> lastEventId) {
    this.api = api;
    this.lastId = lastEventId.orElse(null);
    reader = new Thread(this::run, "sse-fold");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts reading from now, and waits until the stream is open. */
  public static EventFold open(Api api) throws Exception {
    return open(api, Optional.empty());
  }

  /** Starts reading after {@code lastEventId} (a resume), and waits until the stream is open. */
  public static EventFold open(Api api, Optional<String> lastEventId) throws Exception {
    EventFold fold = new EventFold(api, lastEventId);
    int status = fold.opened.get(10, TimeUnit.SECONDS);
    if (status != 200) {
      fold.close();
      throw new IllegalStateException("GET /v1/events answered " + status);
    }
    // the server picks its start on subscription; give it a moment to have done so
    TimeUnit.MILLISECONDS.sleep(300);
    return fold;
  }

  /** Times the stream ended under the reader and it resumed with {@code Last-Event-ID}. */
  public int reconnects() {
    return reconnects;
  }

  /** Reads, and like any SSE client resumes with {@code Last-Event-ID} when the stream ends. */
  private void run() {
    while (!closed) {
      try {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri("/v1/events"));
        if (lastId != null) {
          request.header("Last-Event-ID", lastId);
        }
        CompletableFuture<HttpResponse<Stream<String>>> pending =
            HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        response.set(pending);
        HttpResponse<Stream<String>> r = pending.get();
        opened.complete(r.statusCode());
        if (r.statusCode() == 200) {
          lines.set(r.body());
          read(r.body());
        }
      } catch (Exception e) {
        // the API or its Redis went away: resume below
      }
      if (!closed) {
        reconnects++;
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void read(Stream<String> body) {
    String id = null, name = "message";
    StringBuilder data = new StringBuilder();
    for (String line : (Iterable<String>) body::iterator) {
      if (line.isEmpty()) {
        if (data.length() > 0) {
          accept(new Event(id, name, new JsonObject(data.toString())));
          if (id != null) {
            lastId = id;
          }
        }
        id = null;
        name = "message";
        data.setLength(0);
      } else if (line.startsWith("id:")) {
        id = line.substring(3).trim();
      } else if (line.startsWith("event:")) {
        name = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        data.append(line.substring(5).trim());
      }
    }
  }

  private void accept(Event event) {
    events.add(event);
    JsonObject d = event.data();
    String device = d.getString("device");
    if (device == null) {
      return;
    }
    long epoch = d.getLong("epoch", 0L);
    switch (event.name()) {
      case "online" ->
          states.merge(
              device,
              new State(true, d.getString("conn"), d.getString("pod"), epoch),
              (old, now) ->
                  now.epoch() > old.epoch() || (now.epoch() == old.epoch() && old.online())
                      ? now
                      : old);
      case "offline", "swept" ->
          states.merge(
              device,
              new State(false, d.getString("conn"), d.getString("pod"), epoch),
              (old, now) -> now.epoch() >= old.epoch() ? now : old);
      default -> {}
    }
  }

  public List<Event> events() {
    return List.copyOf(events);
  }

  public boolean sawReset() {
    return events.stream().anyMatch(e -> e.name().equals("reset"));
  }

  /** Events read since the {@code fromIndex}-th, by name, with repairs and audits apart. */
  public Map<String, Integer> counts(int fromIndex) {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    List<Event> all = events();
    for (Event e : all.subList(Math.min(fromIndex, all.size()), all.size())) {
      String reason = e.data().getString("reason", "");
      String key =
          e.name().equals("reset") || reason.isEmpty() ? e.name() : e.name() + "/" + reason;
      counts.merge(key, 1, Integer::sum);
    }
    return counts;
  }

  /** Devices for which an {@code online} with {@code reason: repaired} was read. */
  public Set<String> repaired() {
    Set<String> devices = ConcurrentHashMap.newKeySet();
    for (Event e : events) {
      if (e.name().equals("online") && "repaired".equals(e.data().getString("reason"))) {
        devices.add(e.data().getString("device"));
      }
    }
    return devices;
  }

  /**
   * Devices where the fold disagrees with the API's answers (same order as {@code ids}): online or
   * not, and the connection when online.
   */
  public List<String> disagreements(List<String> ids, List<JsonObject> api) {
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      State folded = states.get(ids.get(i));
      JsonObject read = api.get(i);
      boolean online = read.getBoolean("online", false);
      boolean foldedOnline = folded != null && folded.online();
      if (online != foldedOnline || (online && !folded.conn().equals(read.getString("conn")))) {
        wrong.add(ids.get(i) + ": fold " + folded + ", API " + read.encode());
      }
    }
    return wrong;
  }

  @Override
  public void close() {
    closed = true;
    CompletableFuture<?> pending = response.get();
    if (pending != null) {
      pending.cancel(true);
    }
    Stream<String> body = lines.get();
    if (body != null) {
      body.close();
    }
    reader.interrupt();
  }
}
