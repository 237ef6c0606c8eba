package dev.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.deploy.Rendered.Workload;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alerts of the PrometheusRule, checked over the rendered object with a JDK only (no promtool
 * here): every required condition has an alert; each names only series the services register (or
 * the one kube-state-metrics series it documents), in the release namespace; each has a {@code
 * for}, a severity and text for the on-call engineer; thresholds follow the values.
 */
class PrometheusRuleTest {

  private static final Pattern SERIES = Pattern.compile("\\b((?:switchboard|kube)_[a-z0-9_]+)\\b");
  private static final Pattern SELECTOR =
      Pattern.compile("\\b((?:switchboard|kube)_[a-z0-9_]+)\\{([^}]*)}");

  /** Series from outside Switchboard that an alert may use; the chart README names them. */
  private static final Set<String> EXTERNAL_SERIES = Set.of("kube_pod_status_ready");

  @Test
  void everyRequiredConditionHasOneAlert() {
    assertThat(alerts(Scenario.ci("everything-on")).keySet())
        .containsExactlyInAnyOrder(
            "SwitchboardSweepStale", // no successful sweep in N periods
            "SwitchboardEdgeNotReady", // lease not fresh
            "SwitchboardRedisErrors",
            "SwitchboardEdgeShedding",
            "SwitchboardHeartbeatTimeoutSpike",
            "SwitchboardEdgeConnectionsNearLimit", // connection saturation
            "SwitchboardEdgeFull",
            "SwitchboardClaimSlotsSaturated"); // slot saturation
  }

  @Test
  void everyExpressionNamesOnlySeriesTheServicesRegister() {
    // given
    Set<String> registered = new HashSet<>(RegisteredMetrics.seriesNames());
    registered.addAll(EXTERNAL_SERIES);

    // then
    assertThat(registered)
        .as("the scan of the services' sources finds their meters")
        .contains("switchboard_edge_connections_open", "switchboard_edge_connects_total");
    alerts(Scenario.ci("everything-on"))
        .forEach(
            (name, rule) -> {
              List<String> series = series(expr(rule));
              assertThat(series).as(name + " names a series").isNotEmpty();
              assertThat(registered).as(name + ": " + expr(rule)).containsAll(series);
            });
  }

  @Test
  void everySelectorIsScopedToTheReleaseNamespace() {
    alerts(Scenario.ci("everything-on"))
        .forEach(
            (name, rule) -> {
              Matcher matcher = SELECTOR.matcher(expr(rule));
              int selectors = 0;
              while (matcher.find()) {
                selectors++;
                assertThat(matcher.group(2))
                    .as(name + " " + matcher.group(1))
                    .contains("namespace=\"" + Helm.NAMESPACE + "\"");
              }
              assertThat(selectors).as(name).isEqualTo(series(expr(rule)).size());
            });
  }

  @Test
  void everyAlertWaitsHasASeverityAndTellsTheOnCallWhatItMeans() {
    alerts(Scenario.ci("everything-on"))
        .forEach(
            (name, rule) -> {
              assertThat((String) rule.get("for")).as(name + " for").matches("\\d+[smh]");
              assertThat(stringMap(rule, "labels").get("severity"))
                  .as(name + " severity")
                  .isIn("warning", "critical");
              Map<String, String> annotations = stringMap(rule, "annotations");
              assertThat(annotations.get("summary")).as(name + " summary").isNotBlank();
              assertThat(annotations.get("description")).as(name + " description").isNotBlank();
              assertThat(balanced(expr(rule))).as(name + " brackets: " + expr(rule)).isTrue();
            });
  }

  @Test
  void thresholdsFollowTheValues() {
    // given: everything-on sweeps in a loop every 30s; default runs the CronJob every 2 minutes
    Rendered loop = Scenario.ci("everything-on").render();
    Rendered cron = Scenario.ci("default").with("metrics.prometheusRule.enabled=true").render();
    Workload edge = loop.workload("ws-edge");
    String maxConnections = edge.envValue("SWITCHBOARD_EDGE_LIMITS_MAX_CONNECTIONS");

    // then
    assertThat(expr(alerts(loop).get("SwitchboardSweepStale"))).endsWith("> 90");
    assertThat(expr(alerts(cron).get("SwitchboardSweepStale"))).endsWith("> 360");
    assertThat(expr(alerts(loop).get("SwitchboardEdgeConnectionsNearLimit")))
        .endsWith("> 0.85 * " + maxConnections);
    assertThat(expr(alerts(loop).get("SwitchboardClaimSlotsSaturated")))
        .endsWith("> 0.85 * " + edge.envValue("SWITCHBOARD_EDGE_LIMITS_MAX_PENDING_CLAIMS"));
    assertThat(expr(alerts(loop).get("SwitchboardEdgeShedding")))
        .contains("result=~\"overloaded|admission_limit\"");
    assertThat(expr(alerts(loop).get("SwitchboardEdgeNotReady")))
        .contains("pod=~\"switchboard-edge-.*\"");
  }

  @Test
  void aSweepPeriodThatCannotBeReadFromTheScheduleCanBeGiven() {
    // given
    Rendered rendered =
        Scenario.ci("default")
            .with("metrics.prometheusRule.enabled=true")
            .with("sweeper.cron.schedule=0 * * * *")
            .with("metrics.prometheusRule.sweepPeriodSeconds=3600")
            .render();

    // then
    assertThat(expr(alerts(rendered).get("SwitchboardSweepStale"))).endsWith("> 10800");
  }

  // --- helpers

  /** The rules of the one PrometheusRule, by alert name. */
  private static Map<String, Map<String, Object>> alerts(Scenario scenario) {
    return alerts(scenario.render());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> alerts(Rendered rendered) {
    assertThat(rendered.kind("PrometheusRule")).hasSize(1);
    var rule = (GenericKubernetesResource) rendered.kind("PrometheusRule").get(0);
    Map<String, Object> spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
    Map<String, Map<String, Object>> alerts = new LinkedHashMap<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) spec.get("groups")) {
      for (Map<String, Object> entry : (List<Map<String, Object>>) group.get("rules")) {
        Object previous = alerts.put((String) entry.get("alert"), entry);
        assertThat(previous).as("alert names are unique").isNull();
      }
    }
    return alerts;
  }

  private static String expr(Map<String, Object> rule) {
    return String.valueOf(rule.get("expr")).strip();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> stringMap(Map<String, Object> rule, String key) {
    return (Map<String, String>) rule.getOrDefault(key, Map.of());
  }

  private static List<String> series(String expr) {
    List<String> series = new ArrayList<>();
    Matcher matcher = SERIES.matcher(expr);
    while (matcher.find()) {
      series.add(matcher.group(1));
    }
    return series;
  }

  private static boolean balanced(String expr) {
    java.util.Deque<Character> open = new java.util.ArrayDeque<>();
    boolean quoted = false;
    for (char c : expr.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && "([{".indexOf(c) >= 0) {
        open.push(c);
      } else if (!quoted && ")]}".indexOf(c) >= 0) {
        if (open.isEmpty() || "([{".indexOf(open.pop()) != ")]}".indexOf(c)) {
          return false;
        }
      }
    }
    return open.isEmpty() && !quoted;
  }
}
