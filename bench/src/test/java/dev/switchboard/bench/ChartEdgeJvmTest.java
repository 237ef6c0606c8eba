package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code hold} scenario measures the edge's memory with the JVM flags the chart ships: its copy
 * of {@code edge.jvm.gc} and {@code edge.jvm.options} must be the chart's defaults.
 */
class ChartEdgeJvmTest {

  private static final Path VALUES = Path.of("..", "helm", "switchboard", "values.yaml");

  @Test
  void holdRunsTheEdgeWithTheChartsJvmFlags() throws IOException {
    // given
    List<String> lines = Files.readAllLines(VALUES);

    // then
    assertThat(edgeJvmValue(lines, "gc")).isEqualTo(SystemUnderTest.CHART_EDGE_GC);
    assertThat(edgeJvmValue(lines, "options")).isEqualTo(SystemUnderTest.CHART_EDGE_OPTIONS);
    assertThat(SystemUnderTest.MEMORY_JVM)
        .containsSubsequence(SystemUnderTest.CHART_EDGE_GC)
        .endsWith(SystemUnderTest.CHART_EDGE_OPTIONS.split(" "));
  }

  /** {@code edge.jvm.<key>} of values.yaml, read as the chart lays it out (two-space indents). */
  private static String edgeJvmValue(List<String> lines, String key) {
    boolean edge = false;
    boolean jvm = false;
    for (String line : lines) {
      if (!line.startsWith(" ") && !line.startsWith("#") && !line.isBlank()) {
        edge = line.equals("edge:");
        jvm = false;
      } else if (edge && line.matches("  [a-zA-Z].*")) {
        jvm = line.equals("  jvm:");
      } else if (jvm && line.startsWith("    " + key + ":")) {
        return line.substring(line.indexOf(':') + 1).trim().replaceAll("^\"|\"$", "");
      }
    }
    throw new AssertionError("no edge.jvm." + key + " in " + VALUES);
  }
}
