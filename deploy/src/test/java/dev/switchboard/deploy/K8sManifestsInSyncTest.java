package dev.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * k8s/ is the golden render of the default scenario: {@link RenderK8s} (what {@code
 * helm/render-k8s.sh} runs) into a scratch directory must give byte for byte the committed files,
 * and those parse strictly, carry no Helm bookkeeping and are listed by the kustomization.
 */
class K8sManifestsInSyncTest {

  private static final String FIX =
      "run helm/render-k8s.sh and commit k8s/ (never edit it by hand)";

  @Test
  void committedK8sIsWhatTheRenderScriptProduces(@TempDir Path scratch) throws IOException {
    // given
    Path committed = Helm.root().resolve("k8s");

    // when
    RenderK8s.write(scratch);

    // then
    List<String> expected = yamlFiles(scratch);
    List<String> actual = yamlFiles(committed);
    List<String> problems = new ArrayList<>();
    for (String name : expected) {
      if (!actual.contains(name)) {
        problems.add("k8s/" + name + " is missing");
      } else if (!Files.readString(committed.resolve(name))
          .equals(Files.readString(scratch.resolve(name)))) {
        problems.add("k8s/" + name + " differs from the chart's render");
      }
    }
    for (String name : actual) {
      if (!expected.contains(name)) {
        problems.add("k8s/" + name + " is no longer rendered by the chart");
      }
    }
    if (!problems.isEmpty()) {
      fail("k8s/ has drifted from helm/switchboard:%n  %s%n%s", String.join("\n  ", problems), FIX);
    }
  }

  @Test
  void everyK8sFileIsOneStrictlyValidObjectNamedAfterIt() throws IOException {
    Path committed = Helm.root().resolve("k8s");
    List<String> files = objectFiles(committed);
    assertThat(files).isNotEmpty();
    for (String name : files) {
      String yaml = Files.readString(committed.resolve(name));
      List<String> documents = Manifests.documents(yaml);
      assertThat(documents).as(name).hasSize(1);
      var object = Manifests.parseOne(documents.get(0));
      assertThat(name)
          .matches("\\d{3}-.*\\.yaml")
          .endsWith("-" + object.getKind() + "-" + object.getMetadata().getName() + ".yaml");
    }
  }

  @Test
  void k8sCarriesNoHelmBookkeepingAndNoTestHook() throws IOException {
    Path committed = Helm.root().resolve("k8s");
    for (String name : objectFiles(committed)) {
      var object = Manifests.parseOne(Files.readString(committed.resolve(name)));
      var labels = object.getMetadata().getLabels();
      assertThat(labels).as(name).doesNotContainKeys("helm.sh/chart");
      assertThat(labels).as(name).doesNotContainEntry("app.kubernetes.io/managed-by", "Helm");
      assertThat(labels)
          .as(name)
          .containsKeys("app.kubernetes.io/name", "app.kubernetes.io/component");
      var annotations = object.getMetadata().getAnnotations();
      assertThat(annotations == null ? java.util.Map.of() : annotations)
          .as(name)
          .doesNotContainKey("helm.sh/hook");
    }
  }

  @Test
  void kustomizationListsExactlyTheObjectFilesInOrder() throws IOException {
    // given
    Path committed = Helm.root().resolve("k8s");
    var kustomization =
        new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readTree(committed.resolve("kustomization.yaml").toFile());

    // then
    assertThat(kustomization.get("kind").asText()).isEqualTo("Kustomization");
    List<String> resources = new ArrayList<>();
    kustomization.get("resources").forEach(r -> resources.add(r.asText()));
    assertThat(resources).isEqualTo(objectFiles(committed));
  }

  /** The NNN-Kind-name.yaml files, sorted: everything but the kustomization. */
  private static List<String> objectFiles(Path dir) throws IOException {
    return yamlFiles(dir).stream().filter(f -> f.matches("\\d{3}-.*\\.yaml")).toList();
  }

  private static List<String> yamlFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
