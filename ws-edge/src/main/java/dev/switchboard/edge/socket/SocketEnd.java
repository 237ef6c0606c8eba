package dev.switchboard.edge.socket;

import dev.switchboard.edge.protocol.CloseCodes;
import io.quarkus.websockets.next.CloseReason;
import java.util.Optional;

/**
 * How a socket ended, as one value: the close code and reason text the client receives, and the
 * {@code reason} tag of {@code switchboard_edge_disconnects_total}. Callers name the value; nobody
 * passes codes and texts by hand.
 */
public enum SocketEnd {
  /** The client closed, or the connection dropped: the server sends no close frame of its own. */
  CLIENT_CLOSED(0, "", "client_closed"),
  /** No inbound frame for {@code heartbeat.timeout}: closed as dead; reconnect. */
  HEARTBEAT_TIMEOUT(CloseCodes.GOING_AWAY, "heartbeat timeout", "heartbeat_timeout"),
  /** SIGTERM drain: reconnect after the hinted delay. */
  DRAINED(CloseCodes.GOING_AWAY, "draining", "drained"),
  /** A newer connection of the device exists; do not reconnect. */
  REPLACED(CloseCodes.REPLACED, "replaced by a newer connection", "replaced"),
  /** Refused: the device is online elsewhere and the policy is reject-new. */
  ALREADY_ONLINE(CloseCodes.ALREADY_ONLINE, "device already online (reject-new policy)", "refused"),
  /** Refused: too many takeovers in the window (the detail says when to retry). */
  FLAPPING(CloseCodes.FLAPPING, "flapping: too many takeovers", "refused"),
  /** Refused: too many claims wait for Redis already (the detail says when to retry). */
  OVERLOADED(CloseCodes.TRY_AGAIN_LATER, "overloaded", "refused"),
  /** Refused: over the admission rate (the detail says when to retry). */
  ADMISSION_LIMIT(CloseCodes.TRY_AGAIN_LATER, "admission limit", "refused"),
  /** Refused: the claim failed because Redis did not answer. */
  STORE_UNAVAILABLE(CloseCodes.TRY_AGAIN_LATER, "presence store unavailable", "refused"),
  /** The client reads slower than the outbound bound allows. */
  SLOW_CONSUMER(CloseCodes.POLICY, "slow consumer: outbound queue full", "slow_consumer"),
  /** The token's {@code exp} passed while connected. */
  TOKEN_EXPIRED(CloseCodes.POLICY, "token expired", "token_expired"),
  /** An inbound message over {@code max-message-size} (the detail names the limit). */
  TOO_LARGE(CloseCodes.MESSAGE_TOO_BIG, "message too large", "too_large"),
  /** Frames that break RFC 6455 (the detail is the decoder's complaint). */
  PROTOCOL_ERROR(CloseCodes.PROTOCOL_ERROR, "protocol error", "protocol_error"),
  /** Anything unexpected. */
  ERROR(1011, "internal error", "error");

  private final int code;
  private final String reason;
  private final String metricTag;

  SocketEnd(int code, String reason, String metricTag) {
    this.code = code;
    this.reason = reason;
    this.metricTag = metricTag;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  /** The {@code reason} tag of the disconnect counter. */
  public String metricTag() {
    return metricTag;
  }

  /** A newcomer turned away before it was settled: it never held the device's entry. */
  public boolean isRefusal() {
    return "refused".equals(metricTag);
  }

  /** The close frame the server sends; empty when the server does not close (client closed). */
  public Optional<CloseReason> closeReason() {
    return code == 0 ? Optional.empty() : Optional.of(new CloseReason(code, reason));
  }

  /** The close frame with a detail appended ({@code "flapping: …; retry after 300 ms"}). */
  public CloseReason closeReason(String detail) {
    return new CloseReason(code, reason + "; " + detail);
  }
}
