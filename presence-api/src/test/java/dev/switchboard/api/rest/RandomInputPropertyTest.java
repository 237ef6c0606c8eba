package dev.switchboard.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.InboxMessage;
import dev.switchboard.core.model.InstanceInfo;
import dev.switchboard.core.model.Owner;
import dev.switchboard.core.model.PresenceEntry;
import dev.switchboard.core.store.DeviceIndex;
import dev.switchboard.core.store.Inbox;
import dev.switchboard.core.store.InboxSubscription;
import dev.switchboard.core.store.InstanceRegistry;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.sessions.JqwikSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13, item 7: random ids, bodies, headers and query values at every endpoint (the event
 * stream too, read briefly; durable sends with any delivery, ttl and Idempotency-Key, and message
 * states by any id). No answer is a 5xx; every error is a problem document with a detail; and the
 * seeded presence entries are exactly as they were, with no entry created for any id sent.
 *
 * <p>jqwik generates the requests inside a seeded session ({@code -Dapi.fuzz.seed=…} replays a run;
 * the seed is in every failure message). jqwik's own {@code @Property} runner cannot start a
 * Quarkus application, so there is no shrinking: a failure prints the whole request instead.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class RandomInputPropertyTest {

  private static final int REQUESTS = 600;
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final List<String> SEEDED = List.of("fz-phone-1", "fz-phone-2", "fz-tablet:3");
  private static final String INST = "ifuzz01";

  @TestHTTPResource("/")
  URI base;

  @Inject PresenceStore store;
  @Inject InstanceRegistry registry;
  @Inject DeviceIndex index;
  @Inject Inbox inbox;

  /** One generated request. */
  record Fuzz(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      Optional<String> body) {

    boolean isEvents() {
      return path.equals("/v1/events");
    }
  }

  @Test
  @Timeout(60)
  @DisplayName("random input never gives a 5xx or a bare error, and never touches presence")
  void randomInputNeverFailsTheServerOrTouchesPresence() throws Exception {
    // given: a live edge holding three devices, listening on its inbox
    Owner owner = new Owner(INST, "edge-fuzz", "uid-fuzz", "node-1");
    registry.register(new InstanceInfo(owner, "test")).await().atMost(WAIT);
    for (String d : SEEDED) {
      index.add(INST, d).await().atMost(WAIT);
      store.claim(ClaimRequest.newest(d, "conn-" + d, owner, "10.0.0.1:1")).await().atMost(WAIT);
    }
    LinkedBlockingQueue<InboxMessage> routed = new LinkedBlockingQueue<>();
    InboxSubscription listening = inbox.subscribe(INST, routed::add);
    Awaitility.await().atMost(WAIT).until(listening::isSubscribed);
    List<Optional<PresenceEntry>> before = store.entries(SEEDED).await().atMost(WAIT);
    String seed = System.getProperty("api.fuzz.seed", Long.toString(System.nanoTime()));
    List<Fuzz> requests = new ArrayList<>();
    // each request drawn on its own: one sample of a 600-element list can be a list of copies of
    // one edge case (a fresh-clone run got 600 requests that all answered 406)
    JqwikSession.run(seed, () -> requests().sampleStream().limit(REQUESTS).forEach(requests::add));
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    // when / then: each answer on its own
    Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    for (Fuzz fuzz : requests) {
      int status = send(client, fuzz, "seed " + seed);
      statuses.merge(status, 1, Integer::sum);
    }

    // then: the seeded entries are unchanged and no id that was sent got an entry
    listening.close();
    assertThat(store.entries(SEEDED).await().atMost(WAIT)).as("seed " + seed).isEqualTo(before);
    List<String> sentIds =
        requests.stream()
            .map(RandomInputPropertyTest::deviceOf)
            .flatMap(Optional::stream)
            .filter(id -> !SEEDED.contains(id))
            .distinct()
            .toList();
    List<String> validIds =
        sentIds.stream().filter(dev.switchboard.core.model.DeviceIds::isValid).toList();
    assertThat(store.entries(validIds).await().atMost(WAIT))
        .as("seed " + seed)
        .allMatch(Optional::isEmpty);
    assertThat(index.size(INST).await().atMost(WAIT)).isEqualTo(SEEDED.size());
    // the generator reached both answers and refusals (a guard against a generator gone narrow)
    assertThat(statuses.keySet())
        .as("statuses %s, seed %s", statuses, seed)
        .contains(200, 400, 401, 404);
  }

  /** Sends one request, checks its answer, returns its status. */
  private int send(HttpClient client, Fuzz fuzz, String seed) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(fuzz))
            .timeout(Duration.ofSeconds(10))
            .method(
                fuzz.method(),
                fuzz.body()
                    .map(HttpRequest.BodyPublishers::ofString)
                    .orElse(HttpRequest.BodyPublishers.noBody()));
    fuzz.headers().forEach(request::header);
    HttpResponse<InputStream> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    int status = response.statusCode();
    String type = response.headers().firstValue("Content-Type").orElse("");
    String body = read(response, status == 200 && fuzz.isEvents());
    String what = seed + ": " + fuzz + " -> " + status + " " + type + " " + body;
    assertThat(status).as(what).isLessThan(500);
    if (status >= 400 && !offlineLookup(fuzz, status, type)) {
      assertThat(type).as(what).startsWith(ProblemMappers.PROBLEM_JSON);
      JsonObject problem = new JsonObject(body);
      assertThat(problem.getInteger("status")).as(what).isEqualTo(status);
      assertThat(problem.getString("detail")).as(what).isNotBlank();
    }
    return status;
  }

  /** A device that is offline answers 404 with its (offline) presence view, not a problem. */
  private static boolean offlineLookup(Fuzz fuzz, int status, String type) {
    return status == 404
        && fuzz.method().equals("GET")
        && fuzz.path().startsWith("/v1/presence/")
        && type.startsWith("application/json");
  }

  /** The whole body, or for a live event stream the first line within a moment (a short read). */
  private static String read(HttpResponse<InputStream> response, boolean stream) throws Exception {
    try (InputStream in = response.body()) {
      if (!stream) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      CompletableFuture<String> first =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                      .readLine();
                } catch (java.io.IOException closed) {
                  return "";
                }
              });
      try {
        return first.get(200, TimeUnit.MILLISECONDS);
      } catch (TimeoutException quiet) {
        return "";
      }
    }
  }

  private URI uri(Fuzz fuzz) {
    String query =
        fuzz.query().entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    return URI.create(
        base.toString().replaceAll("/$", "") + fuzz.path() + (query.isEmpty() ? "" : "?" + query));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Optional<String> deviceOf(Fuzz fuzz) {
    String[] parts = fuzz.path().split("/");
    if (fuzz.path().startsWith("/v1/presence/") && parts.length == 4) {
      return Optional.of(java.net.URLDecoder.decode(parts[3], StandardCharsets.UTF_8));
    }
    if (fuzz.path().startsWith("/v1/devices/") && parts.length >= 5) {
      return Optional.of(java.net.URLDecoder.decode(parts[3], StandardCharsets.UTF_8));
    }
    return Optional.empty();
  }

  // --- generators ---

  private static Arbitrary<Fuzz> requests() {
    return Arbitraries.oneOf(
        get(Arbitraries.just("/v1/presence/").flatMap(p -> ids().map(id -> p + encode(id)))),
        post(Arbitraries.just("/v1/presence/lookup"), lookupBodies()),
        get(Arbitraries.of("/v1/instances", "/v1/stats", "/v1/sweeper", "/v1/events")),
        devicesPage(),
        messages(),
        messageStates(),
        wrongMethod());
  }

  private static Arbitrary<Fuzz> get(Arbitrary<String> paths) {
    return Combinators.combine(paths, headers(false))
        .as((path, headers) -> new Fuzz("GET", path, Map.of(), headers, Optional.empty()));
  }

  private static Arbitrary<Fuzz> post(Arbitrary<String> paths, Arbitrary<String> bodies) {
    return Combinators.combine(paths, bodies, headers(true))
        .as((path, body, headers) -> new Fuzz("POST", path, Map.of(), headers, Optional.of(body)));
  }

  /** Durable and at-most-once sends: any delivery, ttl and Idempotency-Key, or none. */
  private static Arbitrary<Fuzz> messages() {
    Arbitrary<Map<String, String>> query =
        Combinators.combine(
                Arbitraries.of("at-least-once", "at-most-once", "", "sometimes"),
                Arbitraries.oneOf(
                    Arbitraries.of("1", "30", "86400", "86401", "0", "-1", "PT30S", ""),
                    queryValue()),
                Arbitraries.integers().between(0, 3))
            .as(
                (delivery, ttl, which) -> {
                  Map<String, String> q = new LinkedHashMap<>();
                  if ((which & 1) != 0) {
                    q.put("delivery", delivery);
                  }
                  if ((which & 2) != 0) {
                    q.put("ttl", ttl);
                  }
                  return q;
                });
    Arbitrary<Optional<String>> key =
        Arbitraries.oneOf(
            Arbitraries.just(Optional.<String>empty()),
            Arbitraries.strings()
                .withChars("abcXYZ019._:-")
                .ofMinLength(1)
                .ofMaxLength(130)
                .map(Optional::of),
            headerText().map(Optional::of));
    return Combinators.combine(
            ids().map(id -> "/v1/devices/" + encode(id) + "/messages"),
            query,
            headers(true),
            key,
            Arbitraries.oneOf(jsonValues(), junk()))
        .as(
            (path, q, h, k, body) -> {
              Map<String, String> headers = new LinkedHashMap<>(h);
              k.ifPresent(v -> headers.put("Idempotency-Key", v));
              return new Fuzz("POST", path, q, headers, Optional.of(body));
            });
  }

  /** {@code GET /v1/devices/{device}/messages/{id}}: any device, any id. */
  private static Arbitrary<Fuzz> messageStates() {
    Arbitrary<String> messageIds =
        Arbitraries.oneOf(
            Arbitraries.strings().withChars("abc019._:-").ofMinLength(1).ofMaxLength(130),
            Arbitraries.strings().ofMinLength(1).ofMaxLength(60));
    return Combinators.combine(ids(), messageIds, headers(false))
        .as(
            (device, id, h) ->
                new Fuzz(
                    "GET",
                    "/v1/devices/" + encode(device) + "/messages/" + encode(id),
                    Map.of(),
                    h,
                    Optional.empty()));
  }

  private static Arbitrary<Fuzz> devicesPage() {
    Arbitrary<String> inst =
        Arbitraries.oneOf(Arbitraries.just(INST), ids(), Arbitraries.strings().ofMaxLength(70));
    Arbitrary<Map<String, String>> query =
        Combinators.combine(queryValue(), queryValue(), Arbitraries.integers().between(0, 3))
            .as(
                (cursor, limit, which) -> {
                  Map<String, String> q = new LinkedHashMap<>();
                  if ((which & 1) != 0) {
                    q.put("cursor", cursor);
                  }
                  if ((which & 2) != 0) {
                    q.put("limit", limit);
                  }
                  return q;
                });
    return Combinators.combine(inst, query, headers(false))
        .as(
            (i, q, h) ->
                new Fuzz("GET", "/v1/instances/" + encode(i) + "/devices", q, h, Optional.empty()));
  }

  private static Arbitrary<Fuzz> wrongMethod() {
    return Combinators.combine(
            Arbitraries.of("PUT", "DELETE", "PATCH"),
            Arbitraries.of(
                "/v1/presence/fz-phone-1", "/v1/presence/lookup", "/v1/instances", "/v1/events"),
            headers(true),
            junk())
        .as((m, p, h, b) -> new Fuzz(m, p, Map.of(), h, Optional.of(b)));
  }

  /** Seeded ids, valid unknown ids, and anything at all (URL-encoded in the path). */
  private static Arbitrary<String> ids() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.of(SEEDED)),
        net.jqwik.api.Tuple.of(
            3, Arbitraries.strings().withChars("abcXYZ019._:@-").ofMinLength(1).ofMaxLength(140)),
        net.jqwik.api.Tuple.of(4, Arbitraries.strings().ofMinLength(1).ofMaxLength(200)));
  }

  private static Arbitrary<String> queryValue() {
    return Arbitraries.oneOf(
        Arbitraries.strings().numeric().ofMaxLength(25),
        Arbitraries.longs().map(l -> Long.toString(l)),
        Arbitraries.of("0", "-1", "1e3", "0x10", "", " 7", "99999999999999999999"),
        Arbitraries.strings().ofMaxLength(30));
  }

  private static Arbitrary<String> lookupBodies() {
    return Arbitraries.oneOf(
        jsonValues().map(v -> "{\"devices\":" + v + "}"),
        ids().list().ofMaxSize(5).map(l -> new JsonObject().put("devices", l).encode()),
        jsonValues(),
        junk());
  }

  private static Arbitrary<String> jsonValues() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "null",
            "true",
            "1",
            "-1.5e300",
            "\"phone-1\"",
            "[]",
            "{}",
            "[1,2]",
            "[null]",
            "[[\"a\"]]",
            "{\"a\":{\"b\":[]}}",
            "[\"fz-phone-1\"]",
            "\"" + "x".repeat(5000) + "\""),
        Arbitraries.strings().ofMaxLength(40).map(s -> new JsonObject().put("text", s).encode()));
  }

  private static Arbitrary<String> junk() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(200),
        Arbitraries.of(
            "", "{", "}", "{\"devices\":", "[", "\"", "{'a':1}", "\u0000", "{\"a\":1}x"));
  }

  /** Authorization, Content-Type, Accept and Last-Event-ID: each absent, right, or wrong. */
  private static Arbitrary<Map<String, String>> headers(boolean withBody) {
    Arbitrary<Optional<String>> auth =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, Arbitraries.just(Optional.of("Bearer test-key"))),
            net.jqwik.api.Tuple.of(
                2,
                Arbitraries.of(
                    Optional.<String>empty(),
                    Optional.of("Bearer reader-secret"),
                    Optional.of("Bearer router-secret"),
                    Optional.of("Bearer operator-secret"),
                    Optional.of("Bearer "),
                    Optional.of("Basic dGVzdC1rZXk="),
                    Optional.of("bearer test-key"))),
            net.jqwik.api.Tuple.of(1, headerText().map(Optional::of)));
    Arbitrary<Optional<String>> contentType =
        withBody
            ? Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(Optional.of("application/json"))),
                net.jqwik.api.Tuple.of(
                    3,
                    Arbitraries.of(
                        Optional.<String>empty(),
                        Optional.of("text/plain"),
                        Optional.of("application/xml"),
                        Optional.of("application/json; charset=latin-1"),
                        Optional.of("application/x-www-form-urlencoded"),
                        Optional.of("nonsense"))),
                net.jqwik.api.Tuple.of(1, headerText().map(Optional::of)))
            : Arbitraries.just(Optional.empty());
    Arbitrary<Optional<String>> accept =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, Arbitraries.just(Optional.<String>empty())),
            net.jqwik.api.Tuple.of(
                3,
                Arbitraries.of(
                    Optional.of("application/json"),
                    Optional.of("*/*"),
                    Optional.of("text/event-stream"),
                    Optional.of("application/xml"),
                    Optional.of("text/html;q=0.9, */*;q=0.1"))),
            net.jqwik.api.Tuple.of(1, headerText().map(Optional::of)));
    Arbitrary<Optional<String>> lastEventId =
        Arbitraries.oneOf(
            Arbitraries.just(Optional.<String>empty()),
            Arbitraries.of("0", "0-0", "1-1", "99999999999999999999-0", "-", "abc", "1-", "-1")
                .map(Optional::of),
            headerText().map(Optional::of));
    return Combinators.combine(auth, contentType, accept, lastEventId)
        .as(
            (a, c, x, l) -> {
              Map<String, String> h = new LinkedHashMap<>();
              a.ifPresent(v -> h.put("Authorization", v));
              c.ifPresent(v -> h.put("Content-Type", v));
              x.ifPresent(v -> h.put("Accept", v));
              l.ifPresent(v -> h.put("Last-Event-ID", v));
              return h;
            });
  }

  /** Printable ASCII: what an HTTP client may send in a header value at all. */
  private static Arbitrary<String> headerText() {
    return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(60);
  }
}
