package dev.switchboard.sweeper.verdict;

import dev.switchboard.core.model.InstanceLease;
import dev.switchboard.core.model.InstanceRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole decision of one sweep as pure code: which leases are expired enough to judge, what each
 * of those instances looks like (its owner record), which instances are live on which pod, and the
 * verdicts. The clock is Redis's, carried by each {@link InstanceLease} as read. No I/O.
 */
public final class SweepJudge {

  private final long ttlMs;
  private final long expiredAfterMs;
  private final VerdictRules rules;

  /**
   * @param ttl the shared lease TTL: a lease at most this old is live
   * @param grace extra time past the TTL before an instance is judged at all
   * @param suspectTimeout how long a silent instance on a running pod is only suspect
   * @param kubernetesEnabled false for a local run: the lease alone decides
   */
  public SweepJudge(
      Duration ttl, Duration grace, Duration suspectTimeout, boolean kubernetesEnabled) {
    this.ttlMs = ttl.toMillis();
    this.expiredAfterMs = ttl.plus(grace).toMillis();
    this.rules = new VerdictRules(suspectTimeout.toMillis(), kubernetesEnabled);
  }

  /** The leases older than TTL + grace, in the order read: the only instances judged. */
  public List<InstanceLease> expired(List<InstanceLease> leases) {
    return leases.stream().filter(l -> l.ageMs() > expiredAfterMs).toList();
  }

  /**
   * Judges every expired instance.
   *
   * @param leases every instance's lease as read (live ones are evidence of a restarted container)
   * @param records owner records by instance id; an instance without one is absent
   * @param podsByName the edge pods Kubernetes reports, by name (empty when Kubernetes is off)
   */
  public Judgement judge(
      List<InstanceLease> leases,
      Map<String, InstanceRecord> records,
      Map<String, PodView> podsByName) {
    List<ExpiredInstance> candidates = candidates(expired(leases), records);
    List<Verdict> verdicts = rules.judge(candidates, podsByName, liveByPodUid(leases, records));
    return new Judgement(candidates, verdicts);
  }

  /**
   * Says why the pod list cannot be trusted, if live instances exist but Kubernetes listed none of
   * their pods: a wrong selector or namespace, under which every expired instance would read as
   * dead without the suspect wait. Empty when some live instance's pod is listed, or when no
   * instance is live (then the list cannot be checked: a whole fleet may really be gone).
   */
  public Optional<String> podsMissing(
      List<InstanceLease> leases,
      Map<String, InstanceRecord> records,
      Map<String, PodView> podsByName) {
    List<String> livePods =
        leases.stream()
            .filter(l -> l.isFresh(ttlMs) && records.containsKey(l.inst()))
            .map(l -> records.get(l.inst()).info().owner().pod())
            .distinct()
            .toList();
    if (livePods.isEmpty() || livePods.stream().anyMatch(podsByName::containsKey)) {
      return Optional.empty();
    }
    return Optional.of(
        "Kubernetes listed "
            + podsByName.size()
            + " pods, none of them a pod of the "
            + livePods.size()
            + " live instances (e.g. "
            + livePods.get(0)
            + "): check sweeper.kubernetes.pod-selector and namespace");
  }

  /** The expired instances with what their owner records say, if they still have one. */
  static List<ExpiredInstance> candidates(
      List<InstanceLease> expired, Map<String, InstanceRecord> records) {
    List<ExpiredInstance> candidates = new ArrayList<>();
    for (InstanceLease lease : expired) {
      Optional<InstanceRecord> record = Optional.ofNullable(records.get(lease.inst()));
      candidates.add(
          new ExpiredInstance(
              lease.inst(),
              lease.ageMs(),
              record.map(r -> r.info().owner().pod()),
              record.map(r -> r.info().owner().podUid())));
    }
    return candidates;
  }

  /** Pod UID to the instances with a fresh lease and an owner record on that pod. */
  Map<String, Set<String>> liveByPodUid(
      List<InstanceLease> leases, Map<String, InstanceRecord> records) {
    Map<String, Set<String>> live = new HashMap<>();
    for (InstanceLease lease : leases) {
      InstanceRecord record = records.get(lease.inst());
      if (record != null && lease.isFresh(ttlMs)) {
        live.computeIfAbsent(record.info().owner().podUid(), k -> new HashSet<>())
            .add(lease.inst());
      }
    }
    return live;
  }

  /**
   * The verdicts of one sweep, in the order of the expired leases, with the candidates they judge.
   */
  public record Judgement(List<ExpiredInstance> candidates, List<Verdict> verdicts) {

    /** The pod the instance recorded, or {@code ""} when its owner record is gone. */
    public String podOf(String inst) {
      return candidates.stream()
          .filter(c -> c.inst().equals(inst))
          .findFirst()
          .flatMap(ExpiredInstance::pod)
          .orElse("");
    }
  }
}
