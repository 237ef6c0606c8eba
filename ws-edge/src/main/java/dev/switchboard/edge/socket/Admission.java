package dev.switchboard.edge.socket;

import dev.switchboard.edge.socket.HandshakeKeys.Shed;
import io.quarkus.websockets.next.UserData;
import java.util.Optional;

/**
 * An upgrade let through, and what the endpoint needs to know about it.
 *
 * @param device who connects
 * @param limitKey the key the per-address cap counts under (an IPv4 address or an IPv6 /64)
 * @param clientAddress the client's address when a trusted proxy named it (or a PROXY-protocol
 *     header gave it); empty when the socket peer is the client
 * @param tokenExpiresMs when its token stops being valid (exp + leeway), empty without a token
 * @param shed set when the socket is to be closed at once with 1013 (admission limit, overload)
 */
public record Admission(
    String device,
    String limitKey,
    Optional<String> clientAddress,
    Optional<Long> tokenExpiresMs,
    Optional<Shed> shed)
    implements UpgradeDecision {

  /** Hands this admission to the endpoint through the connection's user data. */
  public void applyTo(UserData userData) {
    userData.put(HandshakeKeys.DEVICE, device);
    userData.put(HandshakeKeys.REMOTE_IP, limitKey);
    clientAddress.ifPresent(a -> userData.put(HandshakeKeys.CLIENT_ADDR, a));
    tokenExpiresMs.ifPresent(exp -> userData.put(HandshakeKeys.TOKEN_EXPIRES_MS, exp));
    shed.ifPresent(s -> userData.put(HandshakeKeys.SHED, s));
  }
}
