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
 * k8s/ is the golden render of the default scenario: {@code helm/render-k8s.sh} into a scratch
 * directory must give byte for byte the committed files, and those parse strictly.
 */
class K8sManifestsInSyncTest {

  private static final String FIX =
      "run helm/render-k8s.sh and commit k8s/ (never edit it by hand)";

  @Test
  void committedK8sIsWhatTheRenderScriptProduces(@TempDir Path scratch) throws IOException {
    // given
    Path committed = Helm.root().resolve("k8s");

    // when
    Helm.Result result =
        Helm.exec(
            List.of(
                "bash", Helm.root().resolve("helm/render-k8s.sh").toString(), scratch.toString()));

    // then
    assertThat(result.ok()).as(result.describe()).isTrue();
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
      fail(
          "k8s/ has drifted from helm/switchboard (%s):%n  %s%n%s",
          Helm.binary(), String.join("\n  ", problems), FIX);
    }
  }

  @Test
  void everyK8sFileIsOneStrictlyValidObjectNamedAfterIt() throws IOException {
    Path committed = Helm.root().resolve("k8s");
    List<String> files = yamlFiles(committed);
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

  private static List<String> yamlFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
