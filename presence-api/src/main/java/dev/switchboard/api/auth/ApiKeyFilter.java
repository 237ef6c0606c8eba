package dev.switchboard.api.auth;

import dev.switchboard.api.ApiMetrics;
import dev.switchboard.api.rest.ApiProblem;
import dev.switchboard.core.observe.LogKeys;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Named, scoped bearer keys for internal callers on every {@code /v1} route; off only explicitly.
 * Counts each request by key name and outcome, and puts the key name (never the secret) on the
 * request's log lines.
 */
public class ApiKeyFilter {

  private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class);

  private final ApiKeys keys;
  private final ApiMetrics metrics;

  public ApiKeyFilter(ApiKeys keys, ApiMetrics metrics) {
    this.keys = keys;
    this.metrics = metrics;
  }

  @ServerRequestFilter
  public void authenticate(ContainerRequestContext request, ResourceInfo resource) {
    if (!keys.enabled() || !request.getUriInfo().getPath().startsWith("/v1")) {
      return;
    }
    Scope required = Access.required(resource.getResourceClass(), resource.getResourceMethod());
    Access access = Access.decide(request.getHeaderString("Authorization"), keys, required);
    if (access instanceof Access.Allowed allowed) {
      MDC.put(LogKeys.KEY, allowed.key().name());
      count(allowed.key().name(), access);
    } else if (access instanceof Access.Forbidden forbidden) {
      MDC.put(LogKeys.KEY, forbidden.key().name());
      count(forbidden.key().name(), access);
      String route = request.getMethod() + " " + request.getUriInfo().getPath();
      LOG.infof("refused %s: key lacks scope %s", route, forbidden.missing().wireName());
      throw new ApiProblem(403, "Forbidden", forbidden.detail(route));
    } else if (access instanceof Access.Unauthenticated refused) {
      count("none", access);
      throw new ApiProblem(
          401, "Unauthorized", refused.detail(), Map.of("WWW-Authenticate", "Bearer"));
    }
  }

  private void count(String key, Access access) {
    metrics.request(key, access.outcome());
  }
}
