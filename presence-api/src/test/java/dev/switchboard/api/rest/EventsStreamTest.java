package dev.switchboard.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.EventType;
import dev.switchboard.core.model.PresenceEvent;
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

/** GET /v1/events: Server-Sent Events from the stream, resumable with Last-Event-ID. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class EventsStreamTest {

  @TestHTTPResource("/v1/events")
  URI events;

  @Inject EventLog log;

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
