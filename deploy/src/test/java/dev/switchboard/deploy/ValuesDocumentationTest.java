package dev.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every key of values.yaml carries a Bitnami-style {@code ## @param} line, and the values table of
 * the chart's README is generated from those lines. After changing values.yaml, regenerate it:
 * {@code ./mvnw -pl deploy test -Dtest=ValuesDocumentationTest -Dswitchboard.update-readme=true}.
 */
class ValuesDocumentationTest {

  private static final String BEGIN = "<!-- values-table:begin -->";
  private static final String END = "<!-- values-table:end -->";
  private static final Pattern SECTION = Pattern.compile("^## @section (.+)$");
  private static final Pattern PARAM = Pattern.compile("^\\s*## @param (\\S+) (.+)$");

  private record Param(String section, String path, String description) {}

  @Test
  void everyValueIsDocumentedByAParamLine() throws IOException {
    // given
    JsonNode values = values();
    List<Param> params = params();
    List<String> leaves = new ArrayList<>();
    collectLeaves(values, "", leaves);

    // then
    List<String> undocumented =
        leaves.stream()
            .filter(
                leaf ->
                    params.stream()
                        .noneMatch(p -> leaf.equals(p.path()) || leaf.startsWith(p.path() + ".")))
            .toList();
    assertThat(undocumented).as("values without a ## @param line").isEmpty();
    for (Param param : params) {
      assertThat(at(values, param.path()))
          .as("## @param %s names a key of values.yaml", param.path())
          .isNotNull();
    }
    assertThat(params).extracting(Param::path).doesNotHaveDuplicates();
  }

  @Test
  void readmeValuesTableIsGeneratedFromValuesYaml() throws IOException {
    // given
    Path readme = Helm.chart().resolve("README.md");
    String text = Files.readString(readme);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    assertThat(begin).as("README.md has " + BEGIN).isNotNegative();
    assertThat(end).as("README.md has " + END).isGreaterThan(begin);

    // when
    String table = table(values(), params());
    String current = text.substring(begin + BEGIN.length(), end);

    // then
    if (!current.equals(table)) {
      if (Boolean.getBoolean("switchboard.update-readme")) {
        Files.writeString(
            readme, text.substring(0, begin + BEGIN.length()) + table + text.substring(end));
        return;
      }
      fail(
          "helm/switchboard/README.md's values table is out of date with values.yaml; regenerate it:"
              + " ./mvnw -pl deploy test -Dtest=ValuesDocumentationTest -Dswitchboard.update-readme=true");
    }
  }

  @Test
  void chartAppVersionIsTheMavenProjectVersion() throws IOException {
    // given
    JsonNode chart =
        new ObjectMapper(new YAMLFactory()).readTree(Helm.chart().resolve("Chart.yaml").toFile());

    // then: the default image tag of every Switchboard image is the version Jib tags it with
    assertThat(chart.get("appVersion").asText())
        .isEqualTo(System.getProperty("switchboard.version"));
  }

  private static String table(JsonNode values, List<Param> params) {
    StringBuilder out = new StringBuilder("\n");
    String section = null;
    for (Param param : params) {
      if (!param.section().equals(section)) {
        section = param.section();
        out.append("\n### ").append(section).append("\n\n");
        out.append("| Name | Description | Default |\n| --- | --- | --- |\n");
      }
      out.append("| `")
          .append(param.path())
          .append("` | ")
          .append(param.description().replace("|", "\\|"))
          .append(" | `")
          .append(at(values, param.path()).toString().replace("|", "\\|"))
          .append("` |\n");
    }
    return out.append("\n").toString();
  }

  private static JsonNode values() throws IOException {
    return new ObjectMapper(new YAMLFactory())
        .readTree(Helm.chart().resolve("values.yaml").toFile());
  }

  private static List<Param> params() throws IOException {
    List<Param> params = new ArrayList<>();
    String section = "Parameters";
    for (String line : Files.readAllLines(Helm.chart().resolve("values.yaml"))) {
      Matcher s = SECTION.matcher(line);
      Matcher p = PARAM.matcher(line);
      if (s.matches()) {
        section = s.group(1).strip();
      } else if (p.matches()) {
        params.add(new Param(section, p.group(1), p.group(2).strip()));
      }
    }
    return params;
  }

  private static void collectLeaves(JsonNode node, String path, List<String> leaves) {
    if (node.isObject() && !node.isEmpty()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        collectLeaves(
            field.getValue(),
            path.isEmpty() ? field.getKey() : path + "." + field.getKey(),
            leaves);
      }
    } else {
      leaves.add(path);
    }
  }

  private static JsonNode at(JsonNode root, String path) {
    JsonNode node = root;
    for (String key : path.split("\\.")) {
      node = node == null ? null : node.get(key);
    }
    return node;
  }
}
