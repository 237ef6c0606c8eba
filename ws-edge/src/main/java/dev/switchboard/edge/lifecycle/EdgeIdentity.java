package dev.switchboard.edge.lifecycle;

import dev.switchboard.core.model.Owner;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Who this edge process is: a fresh instance id per process start (a restarted container is a new
 * instance), and the pod, pod UID and node from the Downward API with local fallbacks.
 */
public final class EdgeIdentity {

  private static final SecureRandom RANDOM = new SecureRandom();

  private EdgeIdentity() {}

  /** 128 random bits, base64url without padding (22 characters). */
  public static String randomId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static Owner owner(Optional<String> pod, Optional<String> podUid, Optional<String> node) {
    String host = hostName();
    return new Owner(
        randomId(),
        pod.filter(s -> !s.isBlank()).orElse(host),
        podUid.filter(s -> !s.isBlank()).orElse("local-" + randomId()),
        node.filter(s -> !s.isBlank()).orElse(host));
  }

  static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
