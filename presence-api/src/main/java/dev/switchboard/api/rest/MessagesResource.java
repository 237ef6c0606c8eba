package dev.switchboard.api.rest;

import dev.switchboard.api.ApiConfig;
import dev.switchboard.api.ApiMetrics;
import dev.switchboard.api.auth.RequiresScope;
import dev.switchboard.api.auth.Scope;
import dev.switchboard.api.read.PresenceReader;
import dev.switchboard.core.model.DeviceIds;
import dev.switchboard.core.model.InboxMessage;
import dev.switchboard.core.redis.InboxCodec;
import dev.switchboard.core.store.Inbox;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Routes a message to the instance that holds the device's socket. */
@RequiresScope(Scope.ROUTE)
@Path("/v1/devices/{device}/messages")
public class MessagesResource {

  private final PresenceReader reader;
  private final Inbox inbox;
  private final ApiConfig config;
  private final ApiMetrics metrics;

  public MessagesResource(
      PresenceReader reader, Inbox inbox, ApiConfig config, ApiMetrics metrics) {
    this.reader = reader;
    this.inbox = inbox;
    this.config = config;
    this.metrics = metrics;
  }

  public record Routed(String id, String pod, String inst, String conn) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Deliver a JSON payload to the device's socket as message {id, payload}")
  @APIResponse(responseCode = "202", description = "handed to the owning instance")
  @APIResponse(responseCode = "404", description = "device offline or stale (problem+json)")
  @APIResponse(responseCode = "413", description = "payload over switchboard.api.max-message-bytes")
  public Uni<Response> route(@PathParam("device") String device, String body) {
    DeviceIds.problem(device)
        .ifPresent(
            p -> {
              throw ApiProblem.badRequest(p);
            });
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
