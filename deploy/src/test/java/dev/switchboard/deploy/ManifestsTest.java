package dev.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** The strict parser itself: what Fabric8 alone would silently keep in additionalProperties. */
class ManifestsTest {

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: edge
      spec:
        %s
        selector:
          matchLabels:
            app: edge
        template:
          metadata:
            labels:
              app: edge
          spec:
            securityContext:
              %s
            containers:
              - name: edge
                image: edge:1
      """;

  @Test
  void aValidDeploymentParsesTyped() {
    // when
    var object = Manifests.parseOne(DEPLOYMENT.formatted("replicas: 2", "runAsNonRoot: true"));

    // then
    assertThat(object).isInstanceOf(Deployment.class);
    assertThat(((Deployment) object).getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void aMisspeltFieldFails() {
    assertThatThrownBy(
            () -> Manifests.parseOne(DEPLOYMENT.formatted("replica: 2", "runAsNonRoot: true")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Deployment edge does not match the Kubernetes schema")
        .hasMessageContaining("\"replica\"");
  }

  @Test
  void aFieldAtTheWrongLevelFails() {
    // readOnlyRootFilesystem belongs to the container's securityContext, not the pod's
    assertThatThrownBy(
            () ->
                Manifests.parseOne(
                    DEPLOYMENT.formatted("replicas: 2", "readOnlyRootFilesystem: true")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("\"readOnlyRootFilesystem\"");
  }

  @Test
  void aWrongTypeFails() {
    assertThatThrownBy(
            () -> Manifests.parseOne(DEPLOYMENT.formatted("replicas: many", "runAsNonRoot: true")))
        .isInstanceOf(Throwable.class);
  }

  @Test
  void aServiceMonitorIsGenericAndAnUnknownKindFails() {
    // given
    String monitor =
        """
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata:
          name: edge
        spec:
          endpoints: []
        """;

    // then
    assertThat(Manifests.parseOne(monitor)).isInstanceOf(GenericKubernetesResource.class);
    assertThatThrownBy(() -> Manifests.parseOne(monitor.replace("ServiceMonitor", "ServiceMonitr")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no Fabric8 model for monitoring.coreos.com/v1/ServiceMonitr");
    assertThatThrownBy(
            () ->
                Manifests.parseOne(
                    monitor
                        .replace("kind: ServiceMonitor", "kind: Deploymnt")
                        .replace("monitoring.coreos.com/v1", "apps/v1")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("apps/v1/Deploymnt");
  }

  @Test
  void commentOnlyDocumentsAreSkipped() {
    assertThat(Manifests.documents("---\n# Source: x\n---\na: 1\n---\n")).containsExactly("a: 1\n");
  }
}
