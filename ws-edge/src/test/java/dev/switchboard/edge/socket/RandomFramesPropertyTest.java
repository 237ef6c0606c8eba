package dev.switchboard.edge.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.model.PresenceEntry;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.testsupport.RawWebSocket;
import dev.switchboard.testsupport.RawWebSocket.Frame;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13, item 7 at the socket: random frames from connected devices — random text, random JSON,
 * fields of the wrong type, strings up to the size limit, binary frames, fragmented messages (with
 * a ping between fragments), and framing that breaks RFC 6455. For each the edge either keeps the
 * socket open (answering with an {@code error} frame where the frame was wrong) or closes it with a
 * documented code: never 1011, never a bare TCP drop (1006). The device's presence entry is held by
 * its socket while the socket is open (never lost) and gone once it closed (never left).
 *
 * <p>After each generated item the client sends a barrier, {@code {"type":"barrier-<n>"}}, and
 * reads until its {@code unknown_type} error: everything read before it answered the item. The
 * sessions come from a seeded jqwik session ({@code -Dedge.fuzz.seed=…} replays a run; the seed is
 * in every failure message); jqwik's own runner cannot start a Quarkus application, so there is no
 * shrinking, and a failure prints the whole session instead.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class RandomFramesPropertyTest {

  private static final int SESSIONS = 80;
  private static final int LIMIT = 4096; // switchboard.edge.limits.max-message-size in tests
  private static final Set<Integer> DOCUMENTED_CLOSES = Set.of(1002, 1009);
  private static final Set<String> ERROR_CODES =
      Set.of("malformed", "unknown_type", "binary_unsupported");

  @TestHTTPResource("/")
  URI base;

  @Inject PresenceStore store;

  /** What the edge must do with one item. */
  enum Expect {
    /** Stays open; it may answer (a pong) but sends no error. */
    OPEN,
    /** Stays open and answers with an {@code error} frame of the item's code. */
    ERROR,
    /** Closes with 1002: the frames break RFC 6455. */
    PROTOCOL_ERROR
  }

  /** One generated item: the frames that carry it, and the answer expected. */
  record Item(String kind, List<Frame> frames, Expect expect, String errorCode) {
    @Override
    public String toString() {
      int bytes = frames.stream().mapToInt(f -> f.payload().length).sum();
      return kind + "(" + frames.size() + " frames, " + bytes + " bytes) → " + expect;
    }
  }

  @Test
  @Timeout(120)
  @DisplayName(
      "random frames: an error frame or a documented close, presence neither lost nor left")
  void randomFramesGetAnErrorFrameOrADocumentedCloseAndPresenceFollowsTheSocket() throws Exception {
    // given
    String seed = System.getProperty("edge.fuzz.seed", Long.toString(System.nanoTime()));
    List<List<Item>> sessions = new ArrayList<>();
    // each session drawn on its own: one sample of a fixed-size list can be copies of one edge case
    // (a fresh-clone run got 80 sessions that all stayed open)
    JqwikSession.run(
        seed,
        () ->
            items()
                .list()
                .ofMinSize(1)
                .ofMaxSize(6)
                .sampleStream()
                .limit(SESSIONS)
                .forEach(sessions::add));
    Map<String, Integer> outcomes = new TreeMap<>();

    // when / then: each session on its own socket
    for (int s = 0; s < sessions.size(); s++) {
      String outcome = run("fz-" + s + "-" + System.nanoTime(), sessions.get(s), "seed " + seed);
      outcomes.merge(outcome, 1, Integer::sum);
    }

    // the generator reached sockets kept open and sockets closed (a guard against it gone narrow)
    assertThat(outcomes.keySet())
        .as("outcomes %s, seed %s", outcomes, seed)
        .contains("open", "closed 1002");
  }

  /** Plays one session and checks every answer; returns how the socket ended. */
  private String run(String device, List<Item> items, String seed) throws Exception {
    String what = seed + ", device " + device + ", session " + items;
    try (RawWebSocket raw =
        RawWebSocket.connect(base, WsTestClient.CONNECT_PATH, TestTokens.bearer(device))) {
      assertThat(raw.status()).as(what).isEqualTo(101);
      String conn = new JsonObject(raw.readText()).getString("connectionId");
      for (int i = 0; i < items.size(); i++) {
        Item item = items.get(i);
        String step = what + ", item " + i + " " + item;
        for (Frame frame : item.frames()) {
          raw.sendFrame(frame.opcode(), frame.fin(), frame.payload());
        }
        raw.sendText("{\"type\":\"barrier-" + i + "\"}");
        Answer answer = readUntilBarrier(raw, i);
        if (answer.close().isPresent()) {
          int code = answer.close().get().code();
          assertThat(code).as(step + ": closed %s", answer.close().get()).isIn(DOCUMENTED_CLOSES);
          assertThat(item.expect())
              .as(step + ": closed %s", answer.close().get())
              .isEqualTo(Expect.PROTOCOL_ERROR);
          awaitNoEntry(device, step);
          return "closed " + code;
        }
        assertThat(item.expect())
            .as(step + ": stayed open, answered " + answer.replies())
            .isNotEqualTo(Expect.PROTOCOL_ERROR);
        for (JsonObject reply : answer.replies()) {
          assertThat(reply.getString("type")).as(step).isIn("pong", "error");
          if ("error".equals(reply.getString("type"))) {
            assertThat(reply.getString("code")).as(step).isIn(ERROR_CODES);
          }
        }
        List<String> errors =
            answer.replies().stream()
                .filter(r -> "error".equals(r.getString("type")))
                .map(r -> r.getString("code"))
                .toList();
        if (item.expect() == Expect.ERROR) {
          assertThat(errors).as(step).contains(item.errorCode());
        } else {
          assertThat(errors).as(step).isEmpty();
        }
      }
      // still open: the entry is this socket's
      assertThat(store.entry(device).await().atMost(Duration.ofSeconds(5)).map(PresenceEntry::conn))
          .as(what)
          .contains(conn);
      raw.sendFrame(Frame.CLOSE, true, new byte[] {0x03, (byte) 0xE8});
      assertThat(raw.awaitClose().code()).as(what).isEqualTo(1000);
    }
    awaitNoEntry(device, what);
    return "open";
  }

  private void awaitNoEntry(String device, String what) {
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(store.entry(device).await().atMost(Duration.ofSeconds(5)))
                    .as(what + ": entry after close")
                    .isEmpty());
  }

  /** What the edge sent between an item and the barrier after it, or how it closed. */
  private record Answer(List<JsonObject> replies, Optional<WsTestClient.CloseStatus> close) {}

  private static Answer readUntilBarrier(RawWebSocket raw, int index) {
    List<JsonObject> replies = new ArrayList<>();
    String barrier = "barrier-" + index;
    try {
      while (true) {
        Frame frame = raw.readFrame();
        if (frame.opcode() == Frame.CLOSE) {
          byte[] p = frame.payload();
          int code = p.length >= 2 ? ((p[0] & 0xFF) << 8) | (p[1] & 0xFF) : 1005;
          String reason =
              p.length > 2 ? new String(p, 2, p.length - 2, StandardCharsets.UTF_8) : "";
          return new Answer(replies, Optional.of(new WsTestClient.CloseStatus(code, reason)));
        }
        if (frame.opcode() != Frame.TEXT) {
          continue; // the server's heartbeat pings and its pongs to our pings
        }
        JsonObject reply = new JsonObject(frame.text());
        if ("error".equals(reply.getString("type"))
            && String.valueOf(reply.getString("reason")).contains("'" + barrier + "'")) {
          return new Answer(replies, Optional.empty());
        }
        replies.add(reply);
      }
    } catch (java.io.IOException e) {
      return new Answer(replies, Optional.of(new WsTestClient.CloseStatus(1006, e.toString())));
    }
  }

  // --- generators ---

  private static Arbitrary<Item> items() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, pings()),
        net.jqwik.api.Tuple.of(2, acks()),
        net.jqwik.api.Tuple.of(2, unknownTypes()),
        net.jqwik.api.Tuple.of(3, wrongTypes()),
        net.jqwik.api.Tuple.of(3, notJson()),
        net.jqwik.api.Tuple.of(2, hugeWithinTheLimit()),
        net.jqwik.api.Tuple.of(2, binary()),
        net.jqwik.api.Tuple.of(2, controlPings()),
        net.jqwik.api.Tuple.of(3, fragmented()),
        net.jqwik.api.Tuple.of(2, brokenFraming()),
        net.jqwik.api.Tuple.of(1, invalidUtf8()));
  }

  private static Item text(String kind, String text, Expect expect, String code) {
    return new Item(kind, List.of(new Frame(Frame.TEXT, true, bytes(text))), expect, code);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Arbitrary<Item> pings() {
    return randomFields().map(f -> text("ping", f.put("type", "ping").encode(), Expect.OPEN, null));
  }

  private static Arbitrary<Item> acks() {
    return Arbitraries.strings()
        .ofMaxLength(60)
        .map(
            id ->
                text(
                    "ack",
                    new JsonObject().put("type", "ack").put("id", id).encode(),
                    Expect.OPEN,
                    null));
  }

  private static Arbitrary<Item> unknownTypes() {
    return Combinators.combine(Arbitraries.strings().ofMaxLength(40), randomFields())
        .as((type, fields) -> fields.put("type", "x-" + type))
        .map(json -> text("unknown type", json.encode(), Expect.ERROR, "unknown_type"));
  }

  private static Arbitrary<Item> wrongTypes() {
    return Arbitraries.of(
            "{\"type\":123}",
            "{\"type\":null}",
            "{\"type\":[\"ping\"]}",
            "{\"type\":{\"name\":\"ping\"}}",
            "{\"type\":true}",
            "{\"type\":\"ack\"}",
            "{\"type\":\"ack\",\"id\":7}",
            "{\"type\":\"ack\",\"id\":null}",
            "{\"type\":\"ack\",\"id\":[\"m-1\"]}",
            "{}",
            "[]",
            "[{\"type\":\"ping\"}]",
            "\"ping\"",
            "42",
            "null",
            "{\"type\":\"ping\"",
            "{\"type\":\"ping\"}}")
        .map(json -> text("wrong types " + json, json, Expect.ERROR, "malformed"));
  }

  private static Arbitrary<Item> notJson() {
    return Arbitraries.strings()
        .excludeChars('{', '[')
        .ofMaxLength(300)
        .map(junk -> text("not json", junk, Expect.ERROR, "malformed"));
  }

  private static Arbitrary<Item> hugeWithinTheLimit() {
    Arbitrary<Integer> sizes = Arbitraries.integers().between(LIMIT - 200, LIMIT);
    Arbitrary<Item> pingPadded =
        sizes.map(
            size -> {
              String head = "{\"type\":\"ping\",\"pad\":\"";
              String pad = "é".repeat((size - head.length() - 2) / 2);
              return text("huge ping", head + pad + "\"}", Expect.OPEN, null);
            });
    Arbitrary<Item> hugeJunk =
        sizes.map(size -> text("huge junk", "x".repeat(size), Expect.ERROR, "malformed"));
    return Arbitraries.oneOf(pingPadded, hugeJunk);
  }

  private static Arbitrary<Item> binary() {
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofMaxSize(LIMIT)
        .map(
            data ->
                new Item(
                    "binary",
                    List.of(new Frame(Frame.BINARY, true, data)),
                    Expect.ERROR,
                    "binary_unsupported"));
  }

  private static Arbitrary<Item> controlPings() {
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofMaxSize(125)
        .map(
            data ->
                new Item(
                    "control ping", List.of(new Frame(Frame.PING, true, data)), Expect.OPEN, null));
  }

  /** A ping or a not-JSON text in 2–4 fragments, sometimes with a control ping between two. */
  private static Arbitrary<Item> fragmented() {
    Arbitrary<String> texts =
        Arbitraries.oneOf(
            randomFields().map(f -> f.put("type", "ping").encode()),
            // at most 4 bytes a character: within the limit whatever the characters
            Arbitraries.strings().excludeChars('{', '[').ofMinLength(4).ofMaxLength(LIMIT / 4));
    return Combinators.combine(
            texts, Arbitraries.integers().between(2, 4), Arbitraries.of(true, false))
        .as(
            (text, parts, pingInside) -> {
              byte[] all = bytes(text);
              List<Frame> frames = new ArrayList<>();
              int step = Math.max(1, all.length / parts);
              for (int start = 0, n = 0; start < all.length || n == 0; start += step, n++) {
                int end = n == parts - 1 ? all.length : Math.min(all.length, start + step);
                boolean last = end >= all.length;
                frames.add(
                    new Frame(
                        n == 0 ? Frame.TEXT : Frame.CONTINUATION,
                        last,
                        Arrays.copyOfRange(all, Math.min(start, all.length), end)));
                if (pingInside && n == 0 && !last) {
                  frames.add(new Frame(Frame.PING, true, bytes("between")));
                }
                if (last) {
                  break;
                }
              }
              boolean ping = text.startsWith("{");
              return new Item(
                  "fragmented " + (ping ? "ping" : "junk"),
                  frames,
                  ping ? Expect.OPEN : Expect.ERROR,
                  ping ? null : "malformed");
            });
  }

  /** A text frame whose bytes are not UTF-8. */
  private static Arbitrary<Item> invalidUtf8() {
    return Arbitraries.of(
            new byte[] {(byte) 0xC3, 0x28},
            new byte[] {'{', '"', 't', '"', ':', (byte) 0xFF, '}'},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})
        .map(
            data ->
                new Item(
                    "invalid utf-8",
                    List.of(new Frame(Frame.TEXT, true, data)),
                    Expect.ERROR,
                    "malformed"));
  }

  /** Framing RFC 6455 forbids: the decoder rejects it, and the edge closes 1002. */
  private static Arbitrary<Item> brokenFraming() {
    return Arbitraries.of(
        new Item(
            "continuation outside a message",
            List.of(new Frame(Frame.CONTINUATION, true, bytes("{\"type\":\"ping\"}"))),
            Expect.PROTOCOL_ERROR,
            null),
        new Item(
            "text inside a fragmented message",
            List.of(
                new Frame(Frame.TEXT, false, bytes("{\"type\":")),
                new Frame(Frame.TEXT, true, bytes("{\"type\":\"ping\"}"))),
            Expect.PROTOCOL_ERROR,
            null),
        new Item(
            "reserved opcode 0x3",
            List.of(new Frame(0x3, true, bytes("x"))),
            Expect.PROTOCOL_ERROR,
            null),
        new Item(
            "reserved opcode 0xB",
            List.of(new Frame(0xB, true, bytes("x"))),
            Expect.PROTOCOL_ERROR,
            null),
        new Item(
            "fragmented ping",
            List.of(new Frame(Frame.PING, false, bytes("x"))),
            Expect.PROTOCOL_ERROR,
            null),
        new Item(
            "control frame over 125 bytes",
            List.of(new Frame(Frame.PING, true, new byte[126])),
            Expect.PROTOCOL_ERROR,
            null));
  }

  /** A JSON object with 0–3 random fields of random kinds (its {@code type} set by the caller). */
  private static Arbitrary<JsonObject> randomFields() {
    Arbitrary<Object> values =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(30).map(v -> (Object) v),
            Arbitraries.integers().map(v -> (Object) v),
            Arbitraries.of(true, false).map(v -> (Object) v),
            Arbitraries.strings().ofMaxLength(10).list().ofMaxSize(3).map(v -> (Object) v));
    return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12), values)
        .ofMaxSize(3)
        .map(
            fields -> {
              JsonObject json = new JsonObject();
              fields.forEach(json::put);
              return json;
            });
  }
}
