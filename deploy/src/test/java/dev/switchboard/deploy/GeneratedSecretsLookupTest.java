package dev.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * A generated Secret is generated once: on an upgrade the chart's {@code lookup} finds the one in
 * the cluster (here the Fabric8 mock server in CRUD mode) and renders its value again, so device
 * tokens and API keys survive. An empty cluster (a 404) generates a fresh value.
 */
class GeneratedSecretsLookupTest {

  @Test
  void anExistingGeneratedSecretIsReusedNotRegenerated() {
    // given
    String token =
        Base64.getEncoder().encodeToString("kept-across-upgrades-0123456789abcdef".getBytes());
    try (KubernetesClient client = MockCluster.client()) {
      client
          .secrets()
          .inNamespace(Helm.NAMESPACE)
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("switchboard-edge-auth")
                  .withNamespace(Helm.NAMESPACE)
                  .endMetadata()
                  .addToData("token-secret", token)
                  .build())
          .create();
      try {
        // when
        Rendered upgrade = render();

        // then
        assertThat(upgrade.one(Secret.class, "switchboard-edge-auth").getData())
            .containsEntry("token-secret", token);
        assertThat(upgrade.one(Secret.class, "switchboard-api-keys").getData().get("api-keys"))
            .as("a Secret not in the cluster is generated")
            .isNotBlank();
      } finally {
        client.secrets().inNamespace(Helm.NAMESPACE).withName("switchboard-edge-auth").delete();
      }
    }
  }

  @Test
  void anEmptyClusterGetsAFreshValueEachRender() {
    // when
    String first =
        render().one(Secret.class, "switchboard-edge-auth").getData().get("token-secret");
    String second =
        render().one(Secret.class, "switchboard-edge-auth").getData().get("token-secret");

    // then
    assertThat(first).isNotEqualTo(second);
  }

  private static Rendered render() {
    Scenario plain = Scenario.generatedSecrets();
    return new Rendered(plain, Manifests.parse(Helm.render(plain.values(), plain.sets())));
  }
}
