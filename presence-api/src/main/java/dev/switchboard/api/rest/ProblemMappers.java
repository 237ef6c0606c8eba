package dev.switchboard.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.core.redis.RedisFailures;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure becomes a problem document with a clear detail; never a stack trace. */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
  public static final String PROBLEM_JSON = "application/problem+json";

  @ServerExceptionMapper
  public Response problem(ApiProblem problem) {
    return respond(problem.status(), problem.title(), problem.getMessage(), problem.headers());
  }

  @ServerExceptionMapper
  public Response badJson(JsonProcessingException e) {
    return respond(
        400, "Bad Request", "request body is not valid JSON: " + e.getOriginalMessage(), Map.of());
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    Throwable cause = e.getCause();
    if (cause instanceof JsonProcessingException json) {
      return badJson(json);
    }
    String detail = e.getMessage() == null ? "request refused" : e.getMessage();
    return respond(status, e.getResponse().getStatusInfo().getReasonPhrase(), detail, Map.of());
  }

  @ServerExceptionMapper
  public Response any(Throwable failure) {
    if (RedisFailures.isUnavailable(failure)) {
      return respond(
          503,
          "Service Unavailable",
          "presence store (Redis) unreachable: " + RedisFailures.describe(failure),
          Map.of("Retry-After", "5"));
    }
    LOG.errorf(failure, "unexpected failure");
    return respond(
        500, "Internal Server Error", "unexpected failure; see the presence-api log", Map.of());
  }

  static Response respond(int status, String title, String detail, Map<String, String> headers) {
    Response.ResponseBuilder builder =
        Response.status(status)
            .type(PROBLEM_JSON)
            .entity(
                new JsonObject()
                    .put("type", "about:blank")
                    .put("title", title)
                    .put("status", status)
                    .put("detail", detail)
                    .encode());
    headers.forEach(builder::header);
    return builder.build();
  }
}
