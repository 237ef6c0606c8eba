package dev.switchboard.edge.socket;

import dev.switchboard.edge.observe.ConnectResult;
import io.quarkus.websockets.next.UserData.TypedKey;

/** What the upgrade guard hands to the endpoint through the connection's user data. */
public final class HandshakeKeys {
  public static final TypedKey<String> DEVICE = TypedKey.forString("switchboard.device");

  /** The key the per-address cap counts under (the client's IPv4, or its IPv6 /64). */
  public static final TypedKey<String> REMOTE_IP = TypedKey.forString("switchboard.ip");

  /** The client's address when a trusted proxy named it; absent when the peer is the client. */
  public static final TypedKey<String> CLIENT_ADDR = TypedKey.forString("switchboard.client");

  public static final TypedKey<Long> TOKEN_EXPIRES_MS = TypedKey.forLong("switchboard.exp");

  /** Set when the connect is shed (admission limit, overload): the endpoint closes it with 1013. */
  public static final TypedKey<Shed> SHED = new TypedKey<>("switchboard.shed");

  /** Why a connect is shed (its close and its connect-metric outcome) and when to retry. */
  public record Shed(SocketEnd end, ConnectResult result, long retryMs) {}

  public static final TypedKey<String> CONN = TypedKey.forString("switchboard.conn");

  private HandshakeKeys() {}
}
