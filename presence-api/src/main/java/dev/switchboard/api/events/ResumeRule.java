package dev.switchboard.api.events;

import dev.switchboard.core.model.StreamBounds;
import dev.switchboard.core.model.StreamId;
import java.util.Optional;

/**
 * Where an SSE client starts, and whether it must be told to re-sync. A client that resumes gets
 * every event after its id exactly once, or a {@code reset} first — never a silent gap.
 */
public final class ResumeRule {

  private ResumeRule() {}

  /** Where to start reading, strictly after {@code after}, and why a reset is sent, if one is. */
  public record Start(StreamId after, Optional<String> reset) {}

  /**
   * @param lastEventId the client's {@code Last-Event-ID} header, or null for a new client
   * @param idIsInStream whether the stream still holds the entry with that id: an id the client was
   *     sent and the stream no longer has was trimmed, or lost with the stream (a stream recreated
   *     after a Redis restart can have grown past it again)
   */
  public static Start start(String lastEventId, StreamBounds bounds, boolean idIsInStream) {
    if (lastEventId == null || lastEventId.isBlank()) {
      return new Start(bounds.lastId(), Optional.empty());
    }
    Optional<StreamId> parsed = StreamId.parse(lastEventId.trim());
    if (parsed.isEmpty()) {
      return reset(bounds, "Last-Event-ID '" + shorten(lastEventId) + "' is not a stream id");
    }
    StreamId id = parsed.get();
    if (id.isAfter(bounds.lastId())) {
      return reset(
          bounds,
          "Last-Event-ID "
              + id
              + " is newer than the stream's last event "
              + bounds.lastId()
              + ": the stream was lost (Redis restarted or failed over) and events may be missing");
    }
    if (id.equals(StreamId.ZERO)) {
      return bounds.wasTrimmed()
          ? reset(bounds, "the stream was trimmed: events from its start are gone; re-sync")
          : new Start(id, Optional.empty());
    }
    if (!idIsInStream) {
      boolean trimmed =
          bounds.wasTrimmed()
              && bounds.firstId().isPresent()
              && id.isBefore(bounds.firstId().get());
      return reset(
          bounds,
          trimmed
              ? "events after "
                  + id
                  + " were trimmed (the oldest kept is "
                  + bounds.firstId().get()
                  + "): re-sync by lookups"
              : "Last-Event-ID "
                  + id
                  + " is not in the stream: it was lost (Redis restarted or failed over) and"
                  + " events may be missing");
    }
    return new Start(id, Optional.empty());
  }

  /**
   * Whether the stream was lost and recreated while a client read it: {@code entries-added} only
   * grows for one stream, and a stream whose last id moved back is a new one.
   */
  public static Optional<String> lostWhileReading(StreamBounds before, StreamBounds now) {
    if (now.entriesAdded() < before.entriesAdded() || now.lastId().isBefore(before.lastId())) {
      return Optional.of(
          "the event stream was lost (Redis restarted or failed over): events may be missing");
    }
    return Optional.empty();
  }

  private static Start reset(StreamBounds bounds, String why) {
    return new Start(bounds.lastId(), Optional.of(why));
  }

  private static String shorten(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
