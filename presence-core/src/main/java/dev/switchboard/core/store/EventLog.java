package dev.switchboard.core.store;

import dev.switchboard.core.model.EventType;
import dev.switchboard.core.model.PresenceEvent;
import dev.switchboard.core.model.StoredEvent;
import dev.switchboard.core.model.StreamBounds;
import dev.switchboard.core.model.StreamId;
import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.redis.RedisFailures;
import dev.switchboard.core.redis.ScriptRunner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The presence change stream ({@code events}), capped with {@code XADD MAXLEN ~}. */
public final class EventLog {

  private final ScriptRunner runner;
  private final PresenceKeys keys;
  private final long maxLength;

  public EventLog(ScriptRunner runner, PresenceKeys keys, long maxLength) {
    this.runner = runner;
    this.keys = keys;
    this.maxLength = maxLength;
  }

  /** Appends an event; returns its stream id. */
  public Uni<String> append(PresenceEvent event) {
    return runner.send(appendRequest(event)).map(Response::toString);
  }

  /** Appends many events pipelined; returns their ids in order. */
  public Uni<List<String>> appendAll(List<PresenceEvent> events) {
    return runner
        .sendAll(events.stream().map(this::appendRequest).toList())
        .map(replies -> replies.stream().map(Response::toString).toList());
  }

  /**
   * Up to {@code count} events strictly after {@code afterId} ({@code "0"} or {@code "0-0"} for the
   * start of the stream), oldest first.
   */
  public Uni<List<StoredEvent>> readAfter(String afterId, int count) {
    String start = "0".equals(afterId) || "0-0".equals(afterId) ? "-" : "(" + afterId;
    return runner
        .send(
            Request.cmd(Command.XRANGE)
                .arg(keys.events())
                .arg(start)
                .arg("+")
                .arg("COUNT")
                .arg(count))
        .map(EventLog::parseEntries);
  }

  /** The id of the newest event, or {@code "0-0"} when the stream is empty. */
  public Uni<String> lastId() {
    return runner
        .send(
            Request.cmd(Command.XREVRANGE).arg(keys.events()).arg("+").arg("-").arg("COUNT").arg(1))
        .map(reply -> reply == null || reply.size() == 0 ? "0-0" : reply.get(0).get(0).toString());
  }

  /** Whether the stream holds an entry with exactly this id. */
  public Uni<Boolean> contains(StreamId id) {
    return runner
        .send(
            Request.cmd(Command.XRANGE)
                .arg(keys.events())
                .arg(id.toString())
                .arg(id.toString())
                .arg("COUNT")
                .arg(1))
        .map(reply -> reply != null && reply.size() > 0);
  }

  /**
   * The stream's bounds ({@code XINFO STREAM}): the first retained id, the last id ever added, its
   * length and how many entries were ever added. {@link StreamBounds#EMPTY} when it does not exist.
   */
  public Uni<StreamBounds> bounds() {
    return runner
        .send(Request.cmd(Command.XINFO).arg("STREAM").arg(keys.events()))
        .map(EventLog::parseBounds)
        .onFailure(failure -> RedisFailures.classify(failure) == RedisFailures.Kind.ERROR_REPLY)
        .recoverWithItem(StreamBounds.EMPTY);
  }

  static StreamBounds parseBounds(Response info) {
    Map<String, Response> fields = new HashMap<>();
    if (info.type() == ResponseType.MULTI && !isMap(info)) {
      for (int i = 0; i + 1 < info.size(); i += 2) {
        fields.put(info.get(i).toString(), info.get(i + 1));
      }
    } else {
      for (String key : info.getKeys()) {
        fields.put(key, info.get(key));
      }
    }
    long length = number(fields.get("length"));
    long added = fields.containsKey("entries-added") ? number(fields.get("entries-added")) : length;
    StreamId last = id(fields.get("last-generated-id")).orElse(StreamId.ZERO);
    Optional<StreamId> first = id(fields.get("recorded-first-entry-id"));
    if (first.isEmpty() || first.get().equals(StreamId.ZERO)) {
      Response firstEntry = fields.get("first-entry");
      first =
          firstEntry == null || firstEntry.size() == 0 ? Optional.empty() : id(firstEntry.get(0));
    }
    if (length == 0) {
      first = Optional.empty();
    }
    return new StreamBounds(first, last, length, added);
  }

  private static boolean isMap(Response info) {
    try {
      return !info.getKeys().isEmpty();
    } catch (RuntimeException notAMap) {
      return false;
    }
  }

  private static long number(Response value) {
    return value == null ? 0 : value.toLong();
  }

  private static Optional<StreamId> id(Response value) {
    return value == null ? Optional.empty() : StreamId.parse(value.toString());
  }

  private Request appendRequest(PresenceEvent event) {
    Request request =
        Request.cmd(Command.XADD)
            .arg(keys.events())
            .arg("MAXLEN")
            .arg("~")
            .arg(maxLength)
            .arg("*")
            .arg("type")
            .arg(event.type().wireName())
            .arg("device")
            .arg(event.device())
            .arg("conn")
            .arg(event.conn())
            .arg("inst")
            .arg(event.inst())
            .arg("pod")
            .arg(event.pod())
            .arg("epoch")
            .arg(event.epoch());
    if (!event.reason().isEmpty()) {
      request.arg("reason").arg(event.reason());
    }
    return request;
  }

  static List<StoredEvent> parseEntries(Response reply) {
    List<StoredEvent> events = new ArrayList<>();
    if (reply == null) {
      return events;
    }
    for (int i = 0; i < reply.size(); i++) {
      Response entry = reply.get(i);
      Response fields = entry.get(1);
      Map<String, String> values = new HashMap<>();
      for (int f = 0; f + 1 < fields.size(); f += 2) {
        values.put(fields.get(f).toString(), fields.get(f + 1).toString());
      }
      events.add(
          new StoredEvent(
              entry.get(0).toString(),
              new PresenceEvent(
                  EventType.fromWireName(values.getOrDefault("type", "")),
                  values.getOrDefault("device", ""),
                  values.getOrDefault("conn", ""),
                  values.getOrDefault("inst", ""),
                  values.getOrDefault("pod", ""),
                  Long.parseLong(values.getOrDefault("epoch", "0")),
                  values.getOrDefault("reason", ""))));
    }
    return events;
  }
}
