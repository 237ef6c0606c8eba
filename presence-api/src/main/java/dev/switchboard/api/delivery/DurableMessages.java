package dev.switchboard.api.delivery;

import dev.switchboard.api.ApiMetrics;
import dev.switchboard.api.rest.ApiProblem;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.model.DeliveryState;
import dev.switchboard.core.model.Holder;
import dev.switchboard.core.model.InboxMessage;
import dev.switchboard.core.model.MessageStatus;
import dev.switchboard.core.model.OutboxLimits;
import dev.switchboard.core.model.OutboxStoreRequest;
import dev.switchboard.core.model.StoreOutcome;
import dev.switchboard.core.redis.InboxCodec;
import dev.switchboard.core.store.Inbox;
import dev.switchboard.core.store.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Stores a durable message in the device's outbox (one script: dedupe, caps, TTL) and wakes the
 * device's edge through its inbox when the device has an owner; the edge then sends it within the
 * connection's window. The answer does not wait for the wake: a wake nobody received leaves the
 * message for the next wake, the device's next connection, or the edge's re-read after its inbox
 * subscription comes back.
 */
@ApplicationScoped
public class DurableMessages {

  private static final Logger LOG = Logger.getLogger(DurableMessages.class);

  /** The answer to a stored (202) or repeated (200) message. */
  public record Accepted(String id, String seq, String state) {
    static Accepted of(MessageStatus status) {
      return new Accepted(status.id(), status.seq().toString(), status.state().wireName());
    }
  }

  private final Outbox outbox;
  private final Inbox inbox;
  private final OutboxLimits limits;
  private final int minReplicas;
  private final Duration replicaTimeout;
  private final ApiMetrics metrics;

  public DurableMessages(Outbox outbox, Inbox inbox, SwitchboardConfig config, ApiMetrics metrics) {
    this.outbox = outbox;
    this.inbox = inbox;
    SwitchboardConfig.Delivery delivery = config.delivery();
    this.limits = new OutboxLimits(delivery.maxMessages(), delivery.maxBytes());
    this.minReplicas = delivery.minReplicas();
    this.replicaTimeout = delivery.replicaTimeout();
    this.metrics = metrics;
  }

  /** The outbox's caps, as configured. */
  public OutboxLimits limits() {
    return limits;
  }

  /** Stores the message and answers 202 (stored), 200 (a repeat), 429 (full) or 503. */
  public Uni<Response> store(String device, String payloadJson, DeliveryOptions options) {
    String id = options.idempotencyKey().orElseGet(() -> UUID.randomUUID().toString());
    OutboxStoreRequest request =
        new OutboxStoreRequest(device, id, payloadJson, options.ttl(), limits);
    return outbox
        .store(request, minReplicas, replicaTimeout)
        .map(outcome -> answer(device, outcome));
  }

  /** The message's seq and state; a 404 problem when the id is unknown. */
  public Uni<Accepted> state(String device, String id) {
    return outbox
        .state(device, id)
        .map(
            found ->
                found
                    .map(Accepted::of)
                    .orElseThrow(
                        () ->
                            ApiProblem.notFound(
                                "no message "
                                    + id
                                    + " for device "
                                    + device
                                    + " (never stored, or forgotten "
                                    + Outbox.STATE_RETENTION.toMinutes()
                                    + " minutes after its TTL ended)")));
  }

  private Response answer(String device, StoreOutcome outcome) {
    metrics.storeExpired(outcome.expired());
    if (outcome instanceof StoreOutcome.Full full) {
      metrics.outboxFull(full.cap());
      throw full(device, full);
    }
    MessageStatus status;
    int replicas;
    int code;
    if (outcome instanceof StoreOutcome.Stored s) {
      metrics.stored(ApiMetrics.Store.STORED);
      status = s.status();
      replicas = s.replicas();
      code = 202;
    } else {
      StoreOutcome.Duplicate d = (StoreOutcome.Duplicate) outcome;
      metrics.stored(ApiMetrics.Store.DUPLICATE);
      status = d.status();
      replicas = d.replicas();
      code = 200;
    }
    if (status.state() == DeliveryState.QUEUED || status.state() == DeliveryState.SENT) {
      wake(device, outcome.owner());
    }
    if (minReplicas > 0 && replicas < minReplicas) {
      metrics.unreplicated();
      throw notReplicated(status, replicas);
    }
    return Response.status(code)
        .entity(Accepted.of(status))
        .type(MediaType.APPLICATION_JSON)
        .build();
  }

  private void wake(String device, Optional<Holder> owner) {
    owner.ifPresent(
        holder ->
            inbox
                .publish(
                    holder.inst(), InboxCodec.encode(new InboxMessage.Wake(device, holder.conn())))
                .subscribe()
                .with(
                    receivers ->
                        metrics.wake(
                            receivers > 0 ? ApiMetrics.Wake.SENT : ApiMetrics.Wake.NO_SUBSCRIBER),
                    failure -> {
                      metrics.wake(ApiMetrics.Wake.FAILED);
                      LOG.debugf("wake of %s on %s failed: %s", device, holder.inst(), failure);
                    }));
  }

  private ApiProblem full(String device, StoreOutcome.Full full) {
    String what =
        switch (full.cap()) {
          case COUNT ->
              full.held() + " messages wait, switchboard.delivery.max-messages is " + full.limit();
          case BYTES ->
              full.held()
                  + " payload bytes wait, switchboard.delivery.max-bytes is "
                  + full.limit();
        };
    long retry = FullOutboxRetry.seconds(full);
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("cap", full.cap().wireName());
    members.put("held", full.held());
    members.put("limit", full.limit());
    return new ApiProblem(
        429,
        "Too Many Requests",
        "the outbox of device "
            + device
            + " is full ("
            + full.cap().wireName()
            + " cap: "
            + what
            + "); it frees as the device acknowledges or messages expire",
        Map.of("Retry-After", Long.toString(retry)),
        members);
  }

  private ApiProblem notReplicated(MessageStatus status, int replicas) {
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("id", status.id());
    members.put("seq", status.seq().toString());
    members.put("replicas", Math.max(0, replicas));
    return new ApiProblem(
        503,
        "Service Unavailable",
        "message "
            + status.id()
            + " is stored on the primary, but "
            + Math.max(0, replicas)
            + " of the "
            + minReplicas
            + " replicas required (switchboard.delivery.min-replicas) confirmed it within "
            + replicaTimeout.toMillis()
            + " ms: it may be lost in a failover. Retry with Idempotency-Key "
            + status.id()
            + " to wait again without storing it twice",
        Map.of("Retry-After", "1"),
        members);
  }
}
