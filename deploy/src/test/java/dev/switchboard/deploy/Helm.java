package dev.switchboard.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Helm as a library (helm-java, the Helm Go code behind JNA, from Maven Central): no Helm binary,
 * no npm. Every render sees Kubernetes {@value #KUBE_VERSION}; the chart's {@code lookup} goes to
 * the cluster of the JVM's {@code KUBECONFIG} (the test mock, {@link MockCluster}).
 */
final class Helm {

  /** Release name and namespace of every render, the same as k8s/. */
  static final String RELEASE = "switchboard";

  static final String NAMESPACE = "switchboard";

  /** The Kubernetes version renders are made for (Capabilities.KubeVersion). */
  static final String KUBE_VERSION = "1.33.0";

  private static final Path ROOT =
      Path.of(System.getProperty("switchboard.root", "..")).toAbsolutePath().normalize();

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Helm() {}

  /** The repository root. */
  static Path root() {
    return ROOT;
  }

  static Path chart() {
    return ROOT.resolve("helm/switchboard");
  }

  /** The outcome of one Helm call: the rendered text, or Helm's error message. */
  record Result(boolean ok, String stdout, String stderr, String command) {

    /** Describes the run for an assertion message. */
    String describe() {
      return command + "\nok " + ok + "\nerror:\n" + stderr + "\noutput:\n" + stdout;
    }
  }

  /**
   * {@code helm template} of the chart with a values file and {@code --set} arguments (each may
   * hold several comma-separated {@code key=value} pairs, as on the command line).
   */
  static Result template(Path valuesFile, List<String> sets) {
    return template(chart(), valuesFile, sets);
  }

  /**
   * Like {@link #template(Path, List)}, with the {@code helm test} pods in the output too.
   * helm-java returns the release manifest only, never hooks, so this renders a scratch copy of the
   * chart whose test templates carry their hook annotation under another name.
   */
  static Result templateWithTestHooks(Path valuesFile, List<String> sets) {
    Path copy = copyOfChart();
    try (Stream<Path> tests = Files.list(copy.resolve("templates/tests"))) {
      for (Path test : tests.toList()) {
        Files.writeString(
            test,
            Files.readString(test).replace("helm.sh/hook: test", TEST_HOOK_RENAMED + ": test"));
      }
      return template(copy, valuesFile, sets);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteRecursively(copy);
    }
  }

  /** The annotation a test pod's {@code helm.sh/hook} is renamed to by templateWithTestHooks. */
  static final String TEST_HOOK_RENAMED = "switchboard.dev/helm-hook";

  private static Result template(Path chart, Path valuesFile, List<String> sets) {
    String command = "helm template " + RELEASE + " --values " + valuesFile + " --set " + sets;
    MockCluster.ensureStarted();
    var template =
        new com.marcnuri.helm.Helm(chart)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION)
            .withValuesFile(valuesFile);
    for (String set : sets) {
      for (Map.Entry<String, String> pair : SetArgument.pairs(set)) {
        template.set(pair.getKey(), pair.getValue());
      }
    }
    try {
      return new Result(true, template.call(), "", command);
    } catch (IllegalStateException e) {
      return new Result(false, "", String.valueOf(e.getMessage()), command);
    }
  }

  /**
   * The NOTES a {@code helm install} would print: a client-only dry run ({@code helm template}
   * leaves NOTES.txt out). helm-java returns the install's whole output; the notes follow its
   * {@code NOTES:} line.
   */
  static String notes(Path valuesFile, List<String> sets) {
    MockCluster.ensureStarted();
    var install =
        new com.marcnuri.helm.Helm(chart())
            .install()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION)
            .withValuesFile(valuesFile)
            .dryRun()
            .clientOnly();
    for (String set : sets) {
      for (Map.Entry<String, String> pair : SetArgument.pairs(set)) {
        install.set(pair.getKey(), pair.getValue());
      }
    }
    String output = install.call().getOutput();
    int notes = output.indexOf("NOTES:");
    if (notes < 0) {
      throw new AssertionError("no NOTES in the install output:\n" + output);
    }
    return output.substring(notes);
  }

  /** Renders a values file and fails with Helm's message when the chart refuses it. */
  static String render(Path valuesFile, List<String> sets) {
    return orFail(template(valuesFile, sets));
  }

  /** Renders with the {@code helm test} pods (see {@link #templateWithTestHooks}). */
  static String renderWithTestHooks(Path valuesFile, List<String> sets) {
    return orFail(templateWithTestHooks(valuesFile, sets));
  }

  private static String orFail(Result result) {
    if (!result.ok()) {
      throw new AssertionError("helm template failed\n" + result.describe());
    }
    return result.stdout();
  }

  /**
   * {@code helm lint --strict} with a values file. helm-java's lint takes no values file, so the
   * chart is copied to a scratch directory with the file merged into its values.yaml.
   */
  static LintResult lint(Path valuesFile) {
    Path copy = copyOfChart();
    try {
      JsonNode merged =
          merge(
              YAML.readTree(chart().resolve("values.yaml").toFile()),
              YAML.readTree(valuesFile.toFile()));
      YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
      return new com.marcnuri.helm.Helm(copy).lint().strict().call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteRecursively(copy);
    }
  }

  /** Helm's rule for values files: maps merge key by key, anything else replaces. */
  static JsonNode merge(JsonNode base, JsonNode override) {
    if (!(base instanceof ObjectNode baseObject) || !(override instanceof ObjectNode)) {
      return override == null || override.isMissingNode() ? base : override;
    }
    ObjectNode result = baseObject.deepCopy();
    override
        .fields()
        .forEachRemaining(e -> result.set(e.getKey(), merge(result.get(e.getKey()), e.getValue())));
    return result;
  }

  private static Path copyOfChart() {
    try {
      Path target = Files.createTempDirectory("chart").resolve("switchboard");
      try (Stream<Path> files = Files.walk(chart())) {
        for (Path source : files.toList()) {
          Path destination = target.resolve(chart().relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(destination);
          } else {
            Files.copy(source, destination);
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> files = Files.walk(dir.getParent())) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
