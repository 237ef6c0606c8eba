package dev.switchboard.core.observe;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The {@code inst} of a presence-api or sweeper process: 96 random bits, so that the lines of two
 * replicas, or of one pod before and after a restart, can be told apart. (An edge's {@code inst} is
 * the instance id its Redis entries carry, set by the edge.)
 */
public final class ProcessInstance {

  private static final Logger LOG = Logger.getLogger(ProcessInstance.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private ProcessInstance() {}

  /** Picks this process's id, puts it on every log line from now on and logs it with the pod. */
  public static String start(String service) {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    InstanceLogFilter.instance(id);
    String pod =
        Optional.ofNullable(System.getenv("POD_NAME"))
            .filter(p -> !p.isBlank())
            .orElseGet(ProcessInstance::hostName);
    LOG.infof("%s process %s on pod %s", service, id, pod);
    return id;
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown";
    }
  }
}
