package dev.switchboard.edge.socket;

import io.quarkus.websockets.next.UserData.TypedKey;

/** What the upgrade guard hands to the endpoint through the connection's user data. */
public final class HandshakeKeys {
  public static final TypedKey<String> DEVICE = TypedKey.forString("switchboard.device");
  public static final TypedKey<String> REMOTE_IP = TypedKey.forString("switchboard.ip");
  public static final TypedKey<Long> TOKEN_EXPIRES_MS = TypedKey.forLong("switchboard.exp");
  public static final TypedKey<Long> ADMISSION_RETRY_MS = TypedKey.forLong("switchboard.admission");
  public static final TypedKey<String> CONN = TypedKey.forString("switchboard.conn");

  private HandshakeKeys() {}
}
