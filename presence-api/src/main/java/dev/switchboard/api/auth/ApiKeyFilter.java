package dev.switchboard.api.auth;

import dev.switchboard.api.rest.ApiProblem;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Static bearer keys for internal callers on every {@code /v1} route; off only explicitly. */
public class ApiKeyFilter {

  private final ApiKeys keys;

  public ApiKeyFilter(ApiKeys keys) {
    this.keys = keys;
  }

  @ServerRequestFilter
  public void authenticate(ContainerRequestContext request) {
    if (!keys.enabled() || !request.getUriInfo().getPath().startsWith("/v1")) {
      return;
    }
    String header = request.getHeaderString("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw unauthorized("send Authorization: Bearer <api key>");
    }
    if (!keys.accepts(header.substring(7).trim())) {
      throw unauthorized("the API key is not valid");
    }
  }

  private static ApiProblem unauthorized(String detail) {
    return new ApiProblem(401, "Unauthorized", detail, Map.of("WWW-Authenticate", "Bearer"));
  }
}
