package dev.switchboard.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.EventType;
import dev.switchboard.core.model.PresenceEvent;
import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.redis.ScriptRunner;
import dev.switchboard.core.store.EventLog;
import dev.switchboard.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GET /v1/events: Server-Sent Events from the stream, resumable with Last-Event-ID. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class EventsStreamTest {

  @TestHTTPResource("/v1/events")
  URI events;

  @Inject EventLog log;
  @Inject ScriptRunner runner;
  @Inject PresenceKeys keys;

  /** The first {@code count} SSE events as (event name, id) pairs, comments skipped. */
  private List<String[]> readEvents(String lastEventId, int count) throws Exception {
    HttpResponse<Stream<String>> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(events)
                    .header("Authorization", "Bearer test-key")
                    .header("Last-Event-ID", lastEventId)
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    List<String[]> received = new ArrayList<>();
    try (Stream<String> lines = response.body()) {
      Iterator<String> it = lines.iterator();
      String id = null;
      String name = "message";
      while (received.size() < count && it.hasNext()) {
        String line = it.next();
        if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("event:")) {
          name = line.substring(6).trim();
        } else if (line.isEmpty() && id != null) {
          received.add(new String[] {name, id});
          id = null;
          name = "message";
        }
      }
    }
    return received;
  }

  @Test
  @Timeout(30)
  void resumeFromTrimmedIdSendsReset() throws Exception {
    // given: a client last saw the first of 600 events, and the stream keeps only the newest few
    EventLog capped = new EventLog(runner, keys, 10);
    List<String> ids =
        capped
            .appendAll(
                IntStream.range(0, 600)
                    .mapToObj(
                        i -> new PresenceEvent(EventType.ONLINE, "trim-" + i, "c", "i", "p", i))
                    .toList())
            .await()
            .atMost(Duration.ofSeconds(10));

    // when
    List<String[]> received = readEvents(ids.get(0), 1);

    // then: told to re-sync, and positioned at the newest event, not silently past a gap
    assertThat(received.get(0)[0]).isEqualTo("reset");
    assertThat(received.get(0)[1]).isEqualTo(ids.get(ids.size() - 1));
  }

  @Test
  @Timeout(30)
  void anUnreadableOrOverflowingLastEventIdGetsAResetNotAnError() throws Exception {
    // given
    String newest =
        log.append(new PresenceEvent(EventType.ONLINE, "bad-id", "c", "i", "p", 1))
            .await()
            .atMost(Duration.ofSeconds(5));

    for (String bad : List.of("99999999999999999999-0", "not-an-id", "1-2-3")) {
      // when
      List<String[]> received = readEvents(bad, 1);

      // then
      assertThat(received.get(0)[0]).as(bad).isEqualTo("reset");
      assertThat(received.get(0)[1]).as(bad).isEqualTo(newest);
    }
  }

  @Test
  @Timeout(30)
  void anIdNewerThanTheStreamMeansItWasLostAndGetsAReset() throws Exception {
    // given
    String newest =
        log.append(new PresenceEvent(EventType.ONLINE, "lost", "c", "i", "p", 1))
            .await()
            .atMost(Duration.ofSeconds(5));

    // when: a client resumes with an id the stream never reached (it was lost and recreated)
    List<String[]> received = readEvents("99999999999999-0", 1);

    // then
    assertThat(received.get(0)[0]).isEqualTo("reset");
    assertThat(received.get(0)[1]).isEqualTo(newest);
  }

  private List<String> readIds(HttpRequest request, int count) throws Exception {
    HttpResponse<Stream<String>> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    try (Stream<String> lines = response.body()) {
      Iterator<String> it = lines.iterator();
      while (ids.size() < count && it.hasNext()) {
        String line = it.next();
        if (line.startsWith("id:")) {
          ids.add(line.substring(3).trim());
        }
      }
    }
    return ids;
  }

  @Test
  void lastEventIdResumesWithTheMissedEventsExactlyOnce() throws Exception {
    // given: five events, a client that saw the second one
    List<String> ids =
        log.appendAll(
                IntStream.range(0, 5)
                    .mapToObj(
                        i -> new PresenceEvent(EventType.ONLINE, "sse-" + i, "c", "i", "p", i))
                    .toList())
            .await()
            .atMost(Duration.ofSeconds(5));

    // when
    List<String> received =
        readIds(
            HttpRequest.newBuilder(events)
                .header("Authorization", "Bearer test-key")
                .header("Last-Event-ID", ids.get(1))
                .timeout(Duration.ofSeconds(10))
                .build(),
            3);

    // then
    assertThat(received).containsExactly(ids.get(2), ids.get(3), ids.get(4));
  }

  @Test
  void newClientsStartAtTheEndAndSeeNewEventsLive() throws Exception {
    // given
    log.append(new PresenceEvent(EventType.OFFLINE, "old", "c", "i", "p", 1))
        .await()
        .atMost(Duration.ofSeconds(5));
    // new events keep coming while the client connects (however long that takes on a busy machine)
    java.util.concurrent.atomic.AtomicBoolean seen =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; i < 30 && !seen.get(); i++) {
                try {
                  Thread.sleep(300);
                } catch (InterruptedException e) {
                  return;
                }
                log.append(new PresenceEvent(EventType.SWEPT, "fresh", "c", "i", "p", 2))
                    .await()
                    .atMost(Duration.ofSeconds(5));
              }
            });
    writer.start();

    // when
    HttpResponse<Stream<String>> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(events)
                    .header("Authorization", "Bearer test-key")
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofLines());

    // then
    String firstData;
    try (Stream<String> lines = response.body()) {
      firstData = lines.filter(l -> l.startsWith("data:")).findFirst().orElseThrow();
    } finally {
      seen.set(true);
    }
    assertThat(firstData).contains("\"device\":\"fresh\"").contains("\"type\":\"swept\"");
    writer.join();
  }
}
