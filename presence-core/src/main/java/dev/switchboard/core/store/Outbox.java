package dev.switchboard.core.store;

import dev.switchboard.core.model.AckOutcome;
import dev.switchboard.core.model.MessageStatus;
import dev.switchboard.core.model.OutboxBatch;
import dev.switchboard.core.model.OutboxStoreRequest;
import dev.switchboard.core.model.StoreOutcome;
import dev.switchboard.core.model.StreamId;
import dev.switchboard.core.redis.OutboxReplies;
import dev.switchboard.core.redis.ScriptCalls;
import dev.switchboard.core.redis.ScriptRunner;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Optional;

/**
 * Per-device outboxes for durable (at-least-once, ordered) delivery. Every key of a device's outbox
 * shares the device's hash tag, so each operation is one script in one slot, on a cluster too.
 * Calls about one device are routed down one shared connection, so Redis runs them in the order
 * this process made them.
 */
public final class Outbox {

  /** How long a message's id (idempotency) and state stay readable after its TTL ended. */
  public static final Duration STATE_RETENTION = Duration.ofMinutes(10);

  /** The longest TTL a message may have. */
  public static final Duration MAX_TTL = Duration.ofHours(24);

  private final ScriptRunner runner;
  private final ScriptCalls calls;

  public Outbox(ScriptRunner runner, ScriptCalls calls) {
    this.runner = runner;
    this.calls = calls;
  }

  /** Stores a message once per id, within the outbox's caps. */
  public Uni<StoreOutcome> store(OutboxStoreRequest request) {
    return runner
        .run(calls.outboxStore(request, STATE_RETENTION))
        .map(reply -> OutboxReplies.store(request.id(), reply));
  }

  /**
   * Stores a message and then waits up to {@code timeout} for {@code minReplicas} replicas to
   * confirm every write made so far on the connection that carried it ({@code WAIT}, sent right
   * behind the script on the same connection). The outcome carries how many confirmed.
   */
  public Uni<StoreOutcome> store(OutboxStoreRequest request, int minReplicas, Duration timeout) {
    if (minReplicas <= 0) {
      return store(request);
    }
    return runner
        .runThenWait(calls.outboxStore(request, STATE_RETENTION), minReplicas, timeout)
        .map(
            replied -> {
              StoreOutcome outcome = OutboxReplies.store(request.id(), replied.reply());
              if (outcome instanceof StoreOutcome.Stored stored) {
                return stored.withReplicas(replied.replicas());
              }
              if (outcome instanceof StoreOutcome.Duplicate duplicate) {
                return duplicate.withReplicas(replied.replicas());
              }
              return outcome;
            });
  }

  /**
   * Up to {@code count} entries to send after {@code after} (or after the acked cursor, if later);
   * entries found expired are taken out and counted instead of returned.
   */
  public Uni<OutboxBatch> readAfter(String device, StreamId after, int count) {
    return runner
        .run(calls.outboxRead(device, after, count))
        .map(reply -> OutboxReplies.batch(reply, count));
  }

  /**
   * The connection acknowledges everything up to {@code seq}: the cursor moves and the entries up
   * to it leave the outbox, unless a newer connection owns the device (fenced by conn and epoch).
   */
  public Uni<AckOutcome> ack(String device, String conn, long epoch, StreamId seq) {
    return runner.run(calls.outboxAck(device, conn, epoch, seq)).map(OutboxReplies::ack);
  }

  /** The message's seq and delivery state; empty when the id is unknown or forgotten. */
  public Uni<Optional<MessageStatus>> state(String device, String id) {
    return runner.run(calls.outboxState(device, id)).map(reply -> OutboxReplies.state(id, reply));
  }
}
