package dev.switchboard.api.rest;

import dev.switchboard.api.ApiMetrics;
import dev.switchboard.api.auth.RequiresScope;
import dev.switchboard.api.auth.Scope;
import dev.switchboard.api.events.ResumeRule;
import dev.switchboard.core.model.PresenceEvent;
import dev.switchboard.core.model.StoredEvent;
import dev.switchboard.core.model.StreamBounds;
import dev.switchboard.core.model.StreamId;
import dev.switchboard.core.store.EventLog;
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
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Presence changes as Server-Sent Events, read from the capped stream. Each client reads in pages
 * only as fast as it consumes (demand-driven), so a slow client holds one page, never a backlog;
 * {@code Last-Event-ID} resumes after the last event it saw, exactly once; a gap (trimmed, lost
 * stream, unreadable id) is announced with a {@code reset} event, never skipped silently.
 */
@RequiresScope(Scope.READ)
@Path("/v1/events")
public class EventsResource {

  static final int PAGE = 100;
  static final Duration IDLE_POLL = Duration.ofMillis(250);
  static final long KEEPALIVE_MS = 15_000;
  static final long BOUNDS_CHECK_MS = 1_000;

  private final EventLog events;
  private final ApiMetrics metrics;

  public EventsResource(EventLog events, ApiMetrics metrics) {
    this.events = events;
    this.metrics = metrics;
  }

  private record BoundsAndId(StreamBounds bounds, boolean idIsInStream) {}

  /** Where one client is in the stream, and what the stream looked like when last checked. */
  static final class Cursor {
    String lastId;
    long lastSentMs = System.currentTimeMillis();
    StreamBounds bounds;
    long boundsCheckedMs = System.currentTimeMillis();

    Cursor(String lastId, StreamBounds bounds) {
      this.lastId = lastId;
      this.bounds = bounds;
    }
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      summary = "Stream of online, offline, replaced and swept events; Last-Event-ID resumes",
      description =
          "Resumes strictly after Last-Event-ID. When that id is older than the oldest event"
              + " kept, newer than the stream (the stream was lost), or not a stream id, the first"
              + " event is `reset` and the stream continues from now: re-sync by lookups.")
  public Multi<OutboundSseEvent> stream(
      @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
    Optional<StreamId> resumeId =
        lastEventId == null ? Optional.empty() : StreamId.parse(lastEventId.trim());
    return events
        .bounds()
        .chain(
            bounds ->
                resumeId.isEmpty()
                    ? Uni.createFrom().item(new BoundsAndId(bounds, false))
                    : events.contains(resumeId.get()).map(in -> new BoundsAndId(bounds, in)))
        .onItem()
        .transformToMulti(
            found -> {
              StreamBounds bounds = found.bounds();
              ResumeRule.Start start = ResumeRule.start(lastEventId, bounds, found.idIsInStream());
              Cursor cursor = new Cursor(start.after().toString(), bounds);
              Multi<OutboundSseEvent> pages =
                  Multi.createBy()
                      .repeating()
                      .uni(() -> cursor, c -> page(c, sse))
                      .indefinitely()
                      .onItem()
                      .transformToIterable(list -> list);
              return start
                  .reset()
                  .map(
                      why ->
                          Multi.createBy()
                              .concatenating()
                              .streams(
                                  Multi.createFrom().item(reset(cursor.lastId, why, sse)), pages))
                  .orElse(pages);
            })
        .onSubscription()
        .invoke(metrics::sseClientJoined)
        .onTermination()
        .invoke(metrics::sseClientLeft);
  }

  private Uni<List<OutboundSseEvent>> page(Cursor cursor, Sse sse) {
    long now = System.currentTimeMillis();
    if (now - cursor.boundsCheckedMs >= BOUNDS_CHECK_MS) {
      cursor.boundsCheckedMs = now;
      return events
          .bounds()
          .chain(
              bounds -> {
                StreamBounds before = cursor.bounds;
                cursor.bounds = bounds;
                return ResumeRule.lostWhileReading(before, bounds)
                    .map(
                        why -> {
                          cursor.lastId = bounds.lastId().toString();
                          cursor.lastSentMs = now;
                          return Uni.createFrom().item(List.of(reset(cursor.lastId, why, sse)));
                        })
                    .orElseGet(() -> read(cursor, sse));
              });
    }
    return read(cursor, sse);
  }

  private Uni<List<OutboundSseEvent>> read(Cursor cursor, Sse sse) {
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

  /**
   * Tells the client it may have missed events: it re-syncs by lookups and keeps reading; the id is
   * where the stream continues, so a reconnect after this resumes from here.
   */
  static OutboundSseEvent reset(String continueAfter, String why, Sse sse) {
    return sse.newEventBuilder()
        .id(continueAfter)
        .name("reset")
        .mediaType(MediaType.APPLICATION_JSON_TYPE)
        .data(new JsonObject().put("type", "reset").put("reason", why).encode())
        .build();
  }

  static OutboundSseEvent toSse(StoredEvent stored, Sse sse) {
    PresenceEvent e = stored.event();
    JsonObject data =
        new JsonObject()
            .put("type", e.type().wireName())
            .put("device", e.device())
            .put("conn", e.conn())
            .put("inst", e.inst())
            .put("pod", e.pod())
            .put("epoch", e.epoch());
    if (!e.reason().isEmpty()) {
      data.put("reason", e.reason());
    }
    return sse.newEventBuilder()
        .id(stored.id())
        .name(e.type().wireName())
        .mediaType(MediaType.APPLICATION_JSON_TYPE)
        .data(data.encode())
        .build();
  }
}
