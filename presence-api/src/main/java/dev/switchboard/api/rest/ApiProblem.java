package dev.switchboard.api.rest;

import java.util.Map;

/** An error answered as {@code application/problem+json} (RFC 9457). */
public final class ApiProblem extends RuntimeException {

  private final int status;
  private final String title;
  private final Map<String, String> headers;
  private final Map<String, Object> members;

  public ApiProblem(int status, String title, String detail) {
    this(status, title, detail, Map.of());
  }

  public ApiProblem(int status, String title, String detail, Map<String, String> headers) {
    this(status, title, detail, headers, Map.of());
  }

  /**
   * @param members extension members of the problem document (RFC 9457 §3.2), for a caller that
   *     acts on the problem by program rather than by reading its detail
   */
  public ApiProblem(
      int status,
      String title,
      String detail,
      Map<String, String> headers,
      Map<String, Object> members) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.headers = headers;
    this.members = members;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public Map<String, Object> members() {
    return members;
  }

  public static ApiProblem badRequest(String detail) {
    return new ApiProblem(400, "Bad Request", detail);
  }

  public static ApiProblem tooLarge(String detail) {
    return new ApiProblem(413, "Content Too Large", detail);
  }

  public static ApiProblem notFound(String detail) {
    return new ApiProblem(404, "Not Found", detail);
  }

  public static ApiProblem unavailable(String detail) {
    return new ApiProblem(503, "Service Unavailable", detail, Map.of("Retry-After", "5"));
  }
}
