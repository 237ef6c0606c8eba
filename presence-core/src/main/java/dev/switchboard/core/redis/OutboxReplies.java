package dev.switchboard.core.redis;

import dev.switchboard.core.model.AckOutcome;
import dev.switchboard.core.model.DeliveryState;
import dev.switchboard.core.model.Holder;
import dev.switchboard.core.model.MessageFacts;
import dev.switchboard.core.model.MessageStatus;
import dev.switchboard.core.model.OutboxBatch;
import dev.switchboard.core.model.OutboxCap;
import dev.switchboard.core.model.OutboxEntry;
import dev.switchboard.core.model.StoreOutcome;
import dev.switchboard.core.model.StreamId;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Turns the outbox scripts' replies into records, following each script's documented contract. */
public final class OutboxReplies {

  private OutboxReplies() {}

  /** Reads outbox_store's reply for the message {@code id}. */
  public static StoreOutcome store(String id, Response reply) {
    List<String> p = Replies.strings(reply);
    String kind = p.isEmpty() ? "" : p.get(0);
    if (p.size() == 5 && "stored".equals(kind)) {
      return new StoreOutcome.Stored(
          new MessageStatus(id, seq(p.get(1), reply), DeliveryState.QUEUED),
          owner(p.get(2), p.get(3)),
          Integer.parseInt(p.get(4)),
          -1);
    }
    if (p.size() == 9 && "duplicate".equals(kind)) {
      MessageFacts facts = facts(p.subList(1, 7), reply);
      return new StoreOutcome.Duplicate(
          new MessageStatus(id, facts.seq(), DeliveryState.of(facts)),
          owner(p.get(7), p.get(8)),
          -1);
    }
    if (p.size() == 8 && "full".equals(kind)) {
      OutboxCap cap = "bytes".equals(p.get(1)) ? OutboxCap.BYTES : OutboxCap.COUNT;
      return new StoreOutcome.Full(
          cap,
          Long.parseLong(p.get(2)),
          Long.parseLong(p.get(3)),
          Long.parseLong(p.get(4)),
          owner(p.get(5), p.get(6)),
          Integer.parseInt(p.get(7)));
    }
    throw Replies.unexpected("outbox_store", reply);
  }

  /** Reads outbox_read's reply. */
  public static OutboxBatch batch(Response reply, int asked) {
    List<String> p = Replies.strings(reply);
    if (p.size() < 5 || (p.size() - 5) % 4 != 0) {
      throw Replies.unexpected("outbox_read", reply);
    }
    List<OutboxEntry> entries = new ArrayList<>((p.size() - 5) / 4);
    for (int i = 5; i < p.size(); i += 4) {
      entries.add(
          new OutboxEntry(
              seq(p.get(i), reply), p.get(i + 1), p.get(i + 2), Long.parseLong(p.get(i + 3))));
    }
    return new OutboxBatch(
        seq(p.get(0), reply),
        entries,
        p.get(1).isEmpty() ? Optional.empty() : Optional.of(seq(p.get(1), reply)),
        Integer.parseInt(p.get(2)),
        Integer.parseInt(p.get(3)),
        Integer.parseInt(p.get(4)) >= asked);
  }

  /** Reads outbox_ack's reply. */
  public static AckOutcome ack(Response reply) {
    List<String> p = Replies.strings(reply);
    String kind = p.isEmpty() ? "" : p.get(0);
    if (p.size() == 3 && "acked".equals(kind)) {
      return new AckOutcome.Acked(seq(p.get(1), reply), Integer.parseInt(p.get(2)));
    }
    if (p.size() == 2 && "unchanged".equals(kind)) {
      return new AckOutcome.Unchanged(seq(p.get(1), reply));
    }
    if (p.size() == 3 && "replaced".equals(kind)) {
      return new AckOutcome.Replaced(p.get(1), Long.parseLong(p.get(2)));
    }
    throw Replies.unexpected("outbox_ack", reply);
  }

  /** Reads outbox_state's reply for the message {@code id}; empty when the id is unknown. */
  public static Optional<MessageStatus> state(String id, Response reply) {
    List<String> p = Replies.strings(reply);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    if (p.size() != 6) {
      throw Replies.unexpected("outbox_state", reply);
    }
    MessageFacts facts = facts(p, reply);
    return Optional.of(new MessageStatus(id, facts.seq(), DeliveryState.of(facts)));
  }

  /** {seq, expired mark, acked, entry expires or '', sent, now}. */
  private static MessageFacts facts(List<String> p, Response reply) {
    return new MessageFacts(
        seq(p.get(0), reply),
        "1".equals(p.get(1)),
        seq(p.get(2), reply),
        p.get(3).isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(p.get(3))),
        seq(p.get(4), reply),
        Long.parseLong(p.get(5)));
  }

  private static Optional<Holder> owner(String conn, String inst) {
    return conn.isEmpty() || inst.isEmpty()
        ? Optional.empty()
        : Optional.of(new Holder(conn, inst));
  }

  private static StreamId seq(String text, Response reply) {
    return StreamId.parseExact(text).orElseThrow(() -> Replies.unexpected("outbox script", reply));
  }
}
