package dev.switchboard.sweeper.verdict;

import dev.switchboard.sweeper.verdict.Verdict.Kind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sweeper's verdict table (docs/DESIGN.md, "Sweeper") as pure code: expired instances, the pods
 * Kubernetes reports and the pod UIDs of live instances in; one verdict per instance out. No I/O.
 */
public final class VerdictRules {

  private final long suspectTimeoutMs;
  private final boolean kubernetesEnabled;

  /**
   * @param suspectTimeoutMs how long a silent instance on a running pod is only suspect
   * @param kubernetesEnabled false for a local run: the lease alone decides
   */
  public VerdictRules(long suspectTimeoutMs, boolean kubernetesEnabled) {
    this.suspectTimeoutMs = suspectTimeoutMs;
    this.kubernetesEnabled = kubernetesEnabled;
  }

  /**
   * @param podsByName the edge pods Kubernetes reports, by name
   * @param liveInstancesByPodUid pod UID to the instance ids whose leases are fresh
   */
  public List<Verdict> judge(
      List<ExpiredInstance> expired,
      Map<String, PodView> podsByName,
      Map<String, Set<String>> liveInstancesByPodUid) {
    return expired.stream().map(i -> judge(i, podsByName, liveInstancesByPodUid)).toList();
  }

  public Verdict judge(
      ExpiredInstance instance,
      Map<String, PodView> podsByName,
      Map<String, Set<String>> liveInstancesByPodUid) {
    String inst = instance.inst();
    if (!kubernetesEnabled) {
      return new Verdict(
          inst,
          Kind.DEAD,
          "lease expired " + instance.leaseAgeMs() + " ms ago (Kubernetes disabled: lease only)");
    }
    if (instance.pod().isEmpty() || instance.podUid().isEmpty()) {
      return new Verdict(
          inst,
          Kind.DEAD,
          "owner record missing; lease expired " + instance.leaseAgeMs() + " ms ago");
    }
    String podName = instance.pod().get();
    String podUid = instance.podUid().get();
    PodView pod = podsByName.get(podName);
    if (pod == null) {
      return new Verdict(inst, Kind.DEAD, "pod " + podName + " not found");
    }
    if (!pod.uid().equals(podUid)) {
      return new Verdict(
          inst,
          Kind.DEAD,
          "pod name " + podName + " now belongs to a new pod (uid " + pod.uid() + ")");
    }
    if ("Failed".equals(pod.phase()) || "Succeeded".equals(pod.phase())) {
      return new Verdict(inst, Kind.DEAD, "pod " + podName + " is " + pod.phase());
    }
    Set<String> others = liveInstancesByPodUid.getOrDefault(podUid, Set.of());
    if (others.stream().anyMatch(other -> !other.equals(inst))) {
      return new Verdict(
          inst,
          Kind.RESTARTED,
          "pod " + podName + " runs a new instance " + String.join(",", others));
    }
    if (pod.deleting()) {
      return new Verdict(
          inst, Kind.DEAD, "pod " + podName + " is being deleted and its lease expired");
    }
    Optional<String> nodeReady = pod.nodeReady();
    if (nodeReady.isPresent() && "Unknown".equals(nodeReady.get())) {
      return new Verdict(
          inst, Kind.DEAD, "node of pod " + podName + " is unreachable (Ready=Unknown)");
    }
    if (instance.leaseAgeMs() < suspectTimeoutMs) {
      return new Verdict(
          inst,
          Kind.SUSPECT,
          "pod "
              + podName
              + " runs but the instance is silent for "
              + instance.leaseAgeMs()
              + " ms");
    }
    return new Verdict(
        inst,
        Kind.UNRESPONSIVE,
        "pod "
            + podName
            + " runs but the instance is silent for "
            + instance.leaseAgeMs()
            + " ms, past the suspect timeout");
  }
}
