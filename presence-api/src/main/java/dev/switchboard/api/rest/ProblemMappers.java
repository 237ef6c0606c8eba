package dev.switchboard.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.switchboard.core.redis.RedisFailures;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure becomes a problem document with a clear detail; never a stack trace. */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
  public static final String PROBLEM_JSON = "application/problem+json";

  @ServerExceptionMapper
  public Response problem(ApiProblem problem) {
    return respond(
        problem.status(),
        problem.title(),
        problem.getMessage(),
        problem.headers(),
        problem.members());
  }

  @ServerExceptionMapper
  public Response badJson(JsonProcessingException e) {
    return respond(400, "Bad Request", JsonBodyProblems.describe(e), Map.of());
  }

  /** Ahead of Quarkus' built-in mapper for this type, which answers 400 with an empty body. */
  @ServerExceptionMapper(priority = Priorities.USER - 100)
  public Response mismatchedJson(MismatchedInputException e) {
    return badJson(e);
  }

  @ServerExceptionMapper
  public Response unsupportedType(NotSupportedException e, HttpHeaders headers) {
    MediaType sent = headers.getMediaType();
    return respond(
        415,
        "Unsupported Media Type",
        "send the body as Content-Type: application/json, got "
            + (sent == null ? "no Content-Type" : sent.toString()),
        Map.of());
  }

  @ServerExceptionMapper
  public Response notAcceptable(NotAcceptableException e, HttpHeaders headers) {
    return respond(
        406,
        "Not Acceptable",
        "this API answers application/json (text/event-stream on /v1/events); send Accept:"
            + " application/json or */*, got "
            + String.join(", ", headers.getRequestHeader(HttpHeaders.ACCEPT)),
        Map.of());
  }

  @ServerExceptionMapper
  public Response notAllowed(NotAllowedException e, Request request, UriInfo uri) {
    String allowed = String.join(", ", e.getResponse().getAllowedMethods());
    return respond(
        405,
        "Method Not Allowed",
        request.getMethod()
            + " is not allowed on /"
            + uri.getPath().replaceFirst("^/", "")
            + (allowed.isEmpty() ? "" : "; allowed: " + allowed),
        allowed.isEmpty() ? Map.of() : Map.of("Allow", allowed));
  }

  @ServerExceptionMapper
  public Response noRoute(NotFoundException e, Request request, UriInfo uri) {
    return respond(
        404,
        "Not Found",
        "no route "
            + request.getMethod()
            + " /"
            + uri.getPath().replaceFirst("^/", "")
            + "; GET /q/openapi lists the API",
        Map.of());
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
          "presence store (Redis) unreachable or busy: " + RedisFailures.describe(failure),
          Map.of("Retry-After", "5"));
    }
    LOG.errorf(failure, "unexpected failure");
    return respond(
        500, "Internal Server Error", "unexpected failure; see the presence-api log", Map.of());
  }

  static Response respond(int status, String title, String detail, Map<String, String> headers) {
    return respond(status, title, detail, headers, Map.of());
  }

  static Response respond(
      int status,
      String title,
      String detail,
      Map<String, String> headers,
      Map<String, Object> members) {
    JsonObject problem = new JsonObject();
    members.forEach(problem::put);
    Response.ResponseBuilder builder =
        Response.status(status)
            .type(PROBLEM_JSON)
            .entity(
                problem
                    .put("type", "about:blank")
                    .put("title", title)
                    .put("status", status)
                    .put("detail", detail)
                    .encode());
    headers.forEach(builder::header);
    return builder.build();
  }
}
