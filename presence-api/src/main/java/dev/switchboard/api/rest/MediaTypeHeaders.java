package dev.switchboard.api.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a {@code Content-Type} or {@code Accept} that is not a media type at all, before request
 * matching parses it: RESTEasy's matcher would fail with a 500 on such a header (found by {@code
 * RandomInputPropertyTest}).
 */
public class MediaTypeHeaders {

  @ServerRequestFilter(preMatching = true)
  public void check(ContainerRequestContext request) {
    String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
    if (contentType != null && !parses(contentType)) {
      throw new ApiProblem(
          415,
          "Unsupported Media Type",
          "Content-Type '" + contentType + "' is not a media type; send application/json");
    }
    for (String accept :
        request.getHeaders().getOrDefault(HttpHeaders.ACCEPT, java.util.List.of())) {
      for (String one : accept.split(",")) {
        if (!one.isBlank() && !parses(one.trim())) {
          throw new ApiProblem(
              406,
              "Not Acceptable",
              "Accept '" + accept + "' is not a list of media types; send application/json or */*");
        }
      }
    }
  }

  static boolean parses(String text) {
    try {
      MediaType.valueOf(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
