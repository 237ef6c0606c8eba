package dev.switchboard.core.model;

import java.util.Objects;

/**
 * Who owns a socket: the edge process ({@code inst}) and the pod it runs in. The pod name alone is
 * not an owner, since StatefulSet pods reuse names and a restarted container keeps its pod.
 */
public record Owner(String inst, String pod, String podUid, String node) {
  public Owner {
    Objects.requireNonNull(inst, "inst");
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(podUid, "podUid");
    Objects.requireNonNull(node, "node");
    if (inst.isEmpty()) {
      throw new IllegalArgumentException("inst must not be empty");
    }
  }
}
