package dev.switchboard.api.rest;

import dev.switchboard.api.ApiConfig;
import dev.switchboard.api.ApiMetrics;
import dev.switchboard.api.auth.RequiresScope;
import dev.switchboard.api.auth.Scope;
import dev.switchboard.api.delivery.DeliveryOptions;
import dev.switchboard.api.delivery.DurableMessages;
import dev.switchboard.api.read.PresenceReader;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.model.DeviceIds;
import dev.switchboard.core.model.InboxMessage;
import dev.switchboard.core.model.MessageIds;
import dev.switchboard.core.redis.InboxCodec;
import dev.switchboard.core.store.Inbox;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Messages to a device: durable by default (stored in the device's outbox, delivered at least once
 * and in order, acknowledged), or at-most-once ({@code ?delivery=at-most-once}: routed to the
 * instance that holds the socket, lost if the socket is gone).
 */
@RequiresScope(Scope.ROUTE)
@Path("/v1/devices/{device}/messages")
public class MessagesResource {

  private final PresenceReader reader;
  private final Inbox inbox;
  private final ApiConfig config;
  private final SwitchboardConfig shared;
  private final DurableMessages durable;
  private final ApiMetrics metrics;

  public MessagesResource(
      PresenceReader reader,
      Inbox inbox,
      ApiConfig config,
      SwitchboardConfig shared,
      DurableMessages durable,
      ApiMetrics metrics) {
    this.reader = reader;
    this.inbox = inbox;
    this.config = config;
    this.shared = shared;
    this.durable = durable;
    this.metrics = metrics;
  }

  /** The answer of an at-most-once message. */
  public record Routed(String id, String pod, String inst, String conn) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Send a JSON payload to the device: durable (message {id, seq, payload}, acked) by"
              + " default, or at-most-once with ?delivery=at-most-once (message {id, payload})")
  @APIResponse(responseCode = "202", description = "stored {id, seq, state} / routed")
  @APIResponse(responseCode = "200", description = "a repeated Idempotency-Key: the first message")
  @APIResponse(responseCode = "400", description = "bad id, body, ttl, delivery or Idempotency-Key")
  @APIResponse(responseCode = "404", description = "at-most-once: device offline or stale")
  @APIResponse(responseCode = "413", description = "payload over switchboard.api.max-message-bytes")
  @APIResponse(responseCode = "429", description = "the device's outbox is full (names the cap)")
  @APIResponse(responseCode = "503", description = "Redis unreachable, no subscriber, or replicas")
  public Uni<Response> send(
      @PathParam("device") String device,
      @QueryParam("delivery") String delivery,
      @QueryParam("ttl") String ttl,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      @Context UriInfo uri,
      String body) {
    DeviceIds.problem(device)
        .ifPresent(
            p -> {
              throw ApiProblem.badRequest(p);
            });
    // "?ttl=" (no value) is a malformed ttl, not an absent one
    String ttlText = ttl == null && uri.getQueryParameters().containsKey("ttl") ? "" : ttl;
    DeliveryOptions.Parsed parsed =
        DeliveryOptions.parse(delivery, ttlText, idempotencyKey, shared.delivery().defaultTtl());
    if (parsed instanceof DeliveryOptions.Invalid invalid) {
      throw ApiProblem.badRequest(invalid.detail());
    }
    DeliveryOptions options = ((DeliveryOptions.Valid) parsed).options();
    requireJsonPayload(body);
    return options.durable() ? durable.store(device, body, options) : route(device, body);
  }

  @GET
  @Path("/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "A durable message's seq and state: queued, sent, acked or expired")
  @APIResponse(responseCode = "200", description = "{id, seq, state}")
  @APIResponse(responseCode = "400", description = "invalid device or message id (problem+json)")
  @APIResponse(responseCode = "404", description = "unknown message id (problem+json)")
  public Uni<DurableMessages.Accepted> state(
      @PathParam("device") String device, @PathParam("id") String id) {
    DeviceIds.problem(device)
        .ifPresent(
            p -> {
              throw ApiProblem.badRequest(p);
            });
    MessageIds.problem("message id", id)
        .ifPresent(
            p -> {
              throw ApiProblem.badRequest(p);
            });
    return durable.state(device, id);
  }

  private void requireJsonPayload(String body) {
    if (body == null || body.isBlank()) {
      throw ApiProblem.badRequest("the body must be the JSON payload to deliver");
    }
    int size = body.getBytes(StandardCharsets.UTF_8).length;
    if (size > config.maxMessageBytes()) {
      throw ApiProblem.tooLarge(
          "payload is " + size + " bytes; the limit is " + config.maxMessageBytes());
    }
    try {
      Json.decodeValue(body);
    } catch (DecodeException e) {
      throw ApiProblem.badRequest("payload is not valid JSON");
    }
  }

  /** At-most-once: publish a {@code deliver} to the owning instance's inbox. */
  private Uni<Response> route(String device, String body) {
    String id = UUID.randomUUID().toString();
    return reader
        .lookup(device)
        .chain(
            view -> {
              if (!view.online()) {
                metrics.routed(ApiMetrics.Routing.OFFLINE);
                throw ApiProblem.notFound(
                    "device "
                        + device
                        + " is not online"
                        + (Boolean.TRUE.equals(view.stale()) ? " (its edge's lease expired)" : ""));
              }
              return inbox
                  .publish(
                      view.inst(),
                      InboxCodec.encode(new InboxMessage.Deliver(device, view.conn(), id, body)))
                  .map(
                      receivers -> {
                        if (receivers == 0) {
                          metrics.routed(ApiMetrics.Routing.NO_SUBSCRIBER);
                          throw ApiProblem.unavailable(
                              "the edge instance "
                                  + view.inst()
                                  + " holding the device is not listening");
                        }
                        metrics.routed(ApiMetrics.Routing.ROUTED);
                        return Response.accepted(
                                new Routed(id, view.pod(), view.inst(), view.conn()))
                            .type(MediaType.APPLICATION_JSON)
                            .build();
                      });
            });
  }
}
