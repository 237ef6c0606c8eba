package dev.switchboard.sweeper.verdict;

import java.util.Optional;

/**
 * What Kubernetes says about one pod, reduced to what the verdict needs.
 *
 * @param phase Pending, Running, Succeeded, Failed or Unknown
 * @param deleting the pod has a deletionTimestamp
 * @param nodeReady the Ready condition of the pod's node: True, False, Unknown; empty if not known
 */
public record PodView(
    String name, String uid, String phase, boolean deleting, Optional<String> nodeReady) {}
