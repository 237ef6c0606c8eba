package dev.switchboard.api.rest;

import dev.switchboard.api.ApiConfig;
import dev.switchboard.api.auth.RequiresScope;
import dev.switchboard.api.auth.Scope;
import dev.switchboard.api.read.PresenceReader;
import dev.switchboard.api.read.PresenceView;
import dev.switchboard.core.model.DeviceIds;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Is device X online, on which pod, since when — one device or up to a thousand at once. */
@RequiresScope(Scope.READ)
@Path("/v1/presence")
@Produces(MediaType.APPLICATION_JSON)
public class PresenceResource {

  private final PresenceReader reader;
  private final ApiConfig config;

  public PresenceResource(PresenceReader reader, ApiConfig config) {
    this.reader = reader;
    this.config = config;
  }

  @GET
  @Path("/{device}")
  @Operation(summary = "Presence of one device (lease-aware)")
  @APIResponse(responseCode = "200", description = "online: owner, connection, epoch, since, seen")
  @APIResponse(
      responseCode = "404",
      description = "offline; stale:true when the owner's lease expired")
  @APIResponse(responseCode = "400", description = "invalid device id (problem+json)")
  @APIResponse(responseCode = "503", description = "Redis unreachable (problem+json, Retry-After)")
  public Uni<Response> one(@PathParam("device") String device) {
    DeviceIds.problem(device)
        .ifPresent(
            p -> {
              throw ApiProblem.badRequest(p);
            });
    return reader
        .lookup(device)
        .map(view -> Response.status(view.online() ? 200 : 404).entity(view).build());
  }

  /** The lookup request body. */
  public record LookupRequest(List<String> devices) {}

  /** The lookup answer, in request order. */
  public record LookupResponse(List<PresenceView> results) {}

  @POST
  @Path("/lookup")
  @Operation(
      summary =
          "Presence of up to switchboard.api.max-lookup devices, in request order, one pipelined read")
  @APIResponse(
      responseCode = "200",
      description = "results in request order",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = LookupResponse.class)))
  @APIResponse(responseCode = "400", description = "missing list or an invalid id (problem+json)")
  @APIResponse(responseCode = "413", description = "too many ids (problem+json)")
  public Uni<Response> lookup(LookupRequest request) {
    if (request == null || request.devices() == null) {
      throw ApiProblem.badRequest("body must be {\"devices\": [\"id\", ...]}");
    }
    List<String> devices = request.devices();
    if (devices.size() > config.maxLookup()) {
      throw ApiProblem.tooLarge(
          devices.size() + " device ids in one lookup; the limit is " + config.maxLookup());
    }
    for (int i = 0; i < devices.size(); i++) {
      int index = i;
      DeviceIds.problem(devices.get(i))
          .ifPresent(
              p -> {
                throw ApiProblem.badRequest("devices[" + index + "]: " + p);
              });
    }
    // written by hand rather than by data binding: see LookupJson
    return reader
        .lookup(devices)
        .map(
            views -> Response.ok(LookupJson.write(views), MediaType.APPLICATION_JSON_TYPE).build());
  }
}
