package dev.switchboard.edge.socket;

import dev.switchboard.edge.observe.ConnectResult;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An upgrade refused before it happened, as one value: the HTTP status, the {@link ConnectResult}
 * (its tag is both the body's stable {@code reason} code and the {@code result} tag of {@code
 * switchboard_edge_connects_total}), a detail a person can act on, and when to retry. It answers in
 * two forms at once: headers ({@code X-Switchboard-Reason}, {@code Retry-After}) for proxies and
 * scripts, and a short {@code application/problem+json} body (RFC 9457) for whoever reads the
 * response.
 *
 * @param retryAfterSeconds empty when retrying unchanged cannot help (a bad token)
 */
public record Refusal(
    int status, ConnectResult result, String detail, Optional<Integer> retryAfterSeconds)
    implements UpgradeDecision {

  public static final String CONTENT_TYPE = "application/problem+json";

  /** A refusal that a retry after this many seconds may get past. */
  public static Refusal retryable(
      int status, ConnectResult result, String detail, int retryAfterSeconds) {
    return new Refusal(status, result, detail, Optional.of(retryAfterSeconds));
  }

  /** A refusal that only a changed request gets past. */
  public static Refusal fatal(int status, ConnectResult result, String detail) {
    return new Refusal(status, result, detail, Optional.empty());
  }

  /** The stable reason code: {@code draining}, {@code per_ip_limit}, {@code unauthorized}… */
  public String reason() {
    return result.tag();
  }

  /** The response headers besides the content type. */
  public Map<String, List<String>> headers() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("X-Switchboard-Reason", List.of(detail));
    retryAfterSeconds.ifPresent(s -> headers.put("Retry-After", List.of(Integer.toString(s))));
    return headers;
  }

  /** The problem document: {@code {type, title, status, detail, reason, retryAfterMs?}}. */
  public JsonObject problem() {
    JsonObject problem =
        new JsonObject()
            .put("type", "about:blank")
            .put("title", HttpResponseStatus.valueOf(status).reasonPhrase())
            .put("status", status)
            .put("detail", detail)
            .put("reason", reason());
    retryAfterSeconds.ifPresent(s -> problem.put("retryAfterMs", s * 1000L));
    return problem;
  }
}
