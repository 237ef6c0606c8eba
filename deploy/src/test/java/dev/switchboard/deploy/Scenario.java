package dev.switchboard.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * One way of rendering the chart: a {@code ci/*-values.yaml} file plus optional {@code --set}
 * arguments. Renders are cached per run; Helm is run once per scenario.
 */
record Scenario(String name, Path values, List<String> sets) {

  private static final Map<Scenario, Rendered> CACHE = new ConcurrentHashMap<>();

  /** The {@code ci/<name>-values.yaml} scenario. */
  static Scenario ci(String name) {
    Path file = Helm.chart().resolve("ci/" + name + "-values.yaml");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no such scenario: " + file);
    }
    return new Scenario(name, file, List.of());
  }

  /** Every {@code ci/*-values.yaml} file, sorted by name. */
  static List<Scenario> allCi() {
    try (Stream<Path> files = Files.list(Helm.chart().resolve("ci"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith("-values.yaml"))
          .sorted()
          .map(f -> ci(f.substring(0, f.length() - "-values.yaml".length())))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every CI scenario plus variants that reach the rest of the chart: generated secrets (the plain
   * defaults with only a Redis URL) and the bundled Redis behind a NetworkPolicy.
   */
  static List<Scenario> all() {
    List<Scenario> all = new ArrayList<>(allCi());
    all.add(generatedSecrets());
    all.add(ci("loop-sweeper").with("networkPolicy.enabled=true"));
    return all;
  }

  /** The chart's own defaults with nothing but a Redis URL: every secret is generated. */
  static Scenario generatedSecrets() {
    return new Scenario(
        "generated-secrets",
        Helm.chart().resolve("values.yaml"),
        List.of("redis.url=redis://redis.example:6379"));
  }

  /** This scenario with one more {@code --set key=value}. */
  Scenario with(String set) {
    List<String> more = new ArrayList<>(sets);
    more.add(set);
    return new Scenario(name + "+" + set, values, List.copyOf(more));
  }

  Helm.Result template() {
    return Helm.template(values, sets);
  }

  /** The NOTES {@code helm install} prints for this scenario. */
  String notes() {
    return Helm.notes(values, sets);
  }

  /** Every object of the render, the {@code helm test} pod included. */
  Rendered render() {
    return CACHE.computeIfAbsent(
        this, s -> new Rendered(s, Manifests.parse(Helm.renderWithTestHooks(s.values, s.sets))));
  }

  @Override
  public String toString() {
    return name;
  }
}
