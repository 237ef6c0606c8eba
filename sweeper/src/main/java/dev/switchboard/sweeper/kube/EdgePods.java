package dev.switchboard.sweeper.kube;

import dev.switchboard.sweeper.config.SweeperConfig;
import dev.switchboard.sweeper.verdict.PodView;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Reads the edge pods (and their nodes) from the Kubernetes API; every failure propagates. */
@ApplicationScoped
public class EdgePods {

  private final KubernetesClient client;
  private final SweeperConfig config;

  public EdgePods(KubernetesClient client, SweeperConfig config) {
    this.client = client;
    this.config = config;
  }

  public String namespace() {
    return config.kubernetes().namespace().filter(n -> !n.isBlank()).orElse(client.getNamespace());
  }

  /** The edge pods by name, with each node's Ready status when node checks are on. */
  public Map<String, PodView> byName() {
    Map<String, PodView> pods = new HashMap<>();
    Map<String, Optional<String>> nodeReady = new HashMap<>();
    for (Pod pod :
        client
            .pods()
            .inNamespace(namespace())
            .withLabelSelector(config.kubernetes().podSelector())
            .list()
            .getItems()) {
      String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
      Optional<String> ready =
          node == null || !config.kubernetes().checkNodes()
              ? Optional.empty()
              : nodeReady.computeIfAbsent(node, this::readyStatus);
      pods.put(
          pod.getMetadata().getName(),
          new PodView(
              pod.getMetadata().getName(),
              pod.getMetadata().getUid(),
              pod.getStatus() == null ? "Unknown" : String.valueOf(pod.getStatus().getPhase()),
              pod.getMetadata().getDeletionTimestamp() != null,
              ready));
    }
    return pods;
  }

  private Optional<String> readyStatus(String nodeName) {
    Node node = client.nodes().withName(nodeName).get();
    if (node == null || node.getStatus() == null || node.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return node.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(NodeCondition::getStatus)
        .findFirst();
  }
}
