package dev.switchboard.api.rest;

import dev.switchboard.api.auth.RequiresScope;
import dev.switchboard.api.auth.Scope;
import dev.switchboard.core.store.SweeperReports;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The sweeper's last run report, exactly as the sweeper stored it. */
@RequiresScope(Scope.READ)
@Path("/v1/sweeper")
public class SweeperResource {

  private final SweeperReports reports;

  public SweeperResource(SweeperReports reports) {
    this.reports = reports;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "The sweeper's last run: ok, counts per verdict, entries swept and kept, instances"
              + " removed, details, and the error of an aborted run")
  @APIResponse(responseCode = "200", description = "the last run's JSON report, as stored")
  @APIResponse(responseCode = "404", description = "no sweeper run stored a report yet")
  @APIResponse(responseCode = "503", description = "Redis unreachable (problem+json, Retry-After)")
  public Uni<Response> lastRun() {
    return reports
        .last()
        .map(
            report ->
                Response.ok(
                        report.orElseThrow(
                            () -> ApiProblem.notFound("no sweeper run has stored a report yet")),
                        MediaType.APPLICATION_JSON)
                    .build());
  }
}
