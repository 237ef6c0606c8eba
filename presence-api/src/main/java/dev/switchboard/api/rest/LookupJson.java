package dev.switchboard.api.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.api.read.PresenceView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a batch lookup's answer, {@code {"results": [...]}}, field by field into one pre-sized
 * buffer: the same bytes Jackson's data binding gives for {@code LookupResponse} (fields in {@link
 * PresenceView}'s order, nulls left out), without reflection per field and per result.
 */
final class LookupJson {

  private static final JsonFactory JSON = new JsonFactory();

  /** Roughly what one online result takes, so that the buffer seldom has to grow. */
  private static final int BYTES_PER_RESULT = 240;

  private LookupJson() {}

  static byte[] write(List<PresenceView> views) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 + views.size() * BYTES_PER_RESULT);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("results");
      for (PresenceView view : views) {
        write(json, view);
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("a lookup answer could not be written to memory", e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator json, PresenceView view) throws IOException {
    json.writeStartObject();
    string(json, "device", view.device());
    json.writeBooleanField("online", view.online());
    if (view.stale() != null) {
      json.writeBooleanField("stale", view.stale());
    }
    string(json, "conn", view.conn());
    number(json, "epoch", view.epoch());
    string(json, "pod", view.pod());
    string(json, "podUid", view.podUid());
    string(json, "node", view.node());
    string(json, "inst", view.inst());
    number(json, "since", view.since());
    number(json, "seen", view.seen());
    json.writeEndObject();
  }

  private static void string(JsonGenerator json, String name, String value) throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    }
  }

  private static void number(JsonGenerator json, String name, Long value) throws IOException {
    if (value != null) {
      json.writeNumberField(name, value.longValue());
    }
  }
}
