package dev.switchboard.api.rest;

import dev.switchboard.core.model.PresenceEvent;
import dev.switchboard.core.model.StoredEvent;
import dev.switchboard.core.store.EventLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Presence changes as Server-Sent Events, read from the capped stream. Each client reads in pages
 * only as fast as it consumes (demand-driven), so a slow client holds one page, never a backlog;
 * {@code Last-Event-ID} resumes after the last event it saw, exactly once, within the stream's cap.
 */
@Path("/v1/events")
public class EventsResource {

  static final int PAGE = 100;
  static final Duration IDLE_POLL = Duration.ofMillis(250);
  static final long KEEPALIVE_MS = 15_000;

  private final EventLog events;
  private final AtomicInteger clients = new AtomicInteger();

  public EventsResource(EventLog events, MeterRegistry metrics) {
    this.events = events;
    metrics.gauge("switchboard.api.sse.clients", clients);
  }

  /** Where one client is in the stream. */
  static final class Cursor {
    String lastId;
    long lastSentMs = System.currentTimeMillis();

    Cursor(String lastId) {
      this.lastId = lastId;
    }
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      summary = "Stream of online, offline, replaced and swept events; Last-Event-ID resumes")
  public Multi<OutboundSseEvent> stream(
      @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
    Uni<String> start =
        lastEventId != null && lastEventId.matches("\\d+-\\d+")
            ? Uni.createFrom().item(lastEventId)
            : events.lastId();
    return start
        .onItem()
        .transformToMulti(
            from ->
                Multi.createBy()
                    .repeating()
                    .uni(() -> new Cursor(from), cursor -> page(cursor, sse))
                    .indefinitely()
                    .onItem()
                    .transformToIterable(list -> list))
        .onSubscription()
        .invoke(() -> clients.incrementAndGet())
        .onTermination()
        .invoke(() -> clients.decrementAndGet());
  }

  private Uni<List<OutboundSseEvent>> page(Cursor cursor, Sse sse) {
    return events
        .readAfter(cursor.lastId, PAGE)
        .chain(
            page -> {
              long now = System.currentTimeMillis();
              if (!page.isEmpty()) {
                cursor.lastId = page.get(page.size() - 1).id();
                cursor.lastSentMs = now;
                return Uni.createFrom().item(page.stream().map(e -> toSse(e, sse)).toList());
              }
              if (now - cursor.lastSentMs >= KEEPALIVE_MS) {
                cursor.lastSentMs = now;
                return Uni.createFrom()
                    .item(List.of(sse.newEventBuilder().comment("keepalive").build()));
              }
              return Uni.createFrom()
                  .item(List.<OutboundSseEvent>of())
                  .onItem()
                  .delayIt()
                  .by(IDLE_POLL);
            });
  }

  static OutboundSseEvent toSse(StoredEvent stored, Sse sse) {
    PresenceEvent e = stored.event();
    return sse.newEventBuilder()
        .id(stored.id())
        .name(e.type().wireName())
        .mediaType(MediaType.APPLICATION_JSON_TYPE)
        .data(
            new JsonObject()
                .put("type", e.type().wireName())
                .put("device", e.device())
                .put("conn", e.conn())
                .put("inst", e.inst())
                .put("pod", e.pod())
                .put("epoch", e.epoch())
                .encode())
        .build();
  }
}
