package dev.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.deploy.Rendered.Workload;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: the client address behind the chart's Ingress or an L4 balancer. {@code
 * edge.proxy.trusted} and {@code edge.proxy.protocol} reach the edge as its settings, and NOTES
 * warns about an Ingress whose controller is not trusted (every device would count as it).
 */
class EdgeProxyValuesTest {

  @Test
  void byDefaultNoProxyIsTrustedAndNoProxyProtocolIsExpected() {
    // when
    Workload edge = Scenario.generatedSecrets().render().workload("ws-edge");

    // then
    assertThat(edge.env("SWITCHBOARD_EDGE_PROXY_TRUSTED")).isEmpty();
    assertThat(edge.env("SWITCHBOARD_EDGE_PROXY_PROTOCOL")).isEmpty();
  }

  @Test
  void trustedCidrsReachTheEdgeAsOneCommaSeparatedSetting() {
    // when
    Workload edge =
        Scenario.generatedSecrets()
            .with("edge.ingress.enabled=true")
            .with("edge.proxy.trusted[0]=10.244.0.0/16")
            .with("edge.proxy.trusted[1]=fd00:10:244::/56")
            .render()
            .workload("ws-edge");

    // then
    assertThat(edge.envValue("SWITCHBOARD_EDGE_PROXY_TRUSTED"))
        .isEqualTo("10.244.0.0/16,fd00:10:244::/56");
  }

  @Test
  void proxyProtocolReachesTheEdge() {
    // when
    Workload edge =
        Scenario.generatedSecrets()
            .with("edge.service.type=LoadBalancer")
            .with("edge.proxy.protocol=true")
            .render()
            .workload("ws-edge");

    // then
    assertThat(edge.envValue("SWITCHBOARD_EDGE_PROXY_PROTOCOL")).isEqualTo("true");
  }

  @Test
  void notesWarnAboutAnIngressWhoseControllerIsNotTrusted() {
    // when
    String untrusted = Scenario.generatedSecrets().with("edge.ingress.enabled=true").notes();
    String trusted =
        Scenario.generatedSecrets()
            .with("edge.ingress.enabled=true")
            .with("edge.proxy.trusted[0]=10.244.0.0/16")
            .notes();

    // then
    assertThat(untrusted).contains("WARNING: edge.ingress.enabled without edge.proxy.trusted");
    assertThat(trusted).doesNotContain("without edge.proxy.trusted");
  }

  @Test
  void notesExplainNamedApiKeysAndHowToReadTheGeneratedOne() {
    // when
    String notes = Scenario.generatedSecrets().notes();

    // then
    assertThat(notes)
        .contains("name:secret:scope[+scope]")
        .contains("read (presence, lookups, instances, stats, events, sweeper)")
        .contains("The chart generated one plain key. Read it with")
        .contains(
            "kubectl -n switchboard get secret switchboard-api-keys -o"
                + " jsonpath='{.data.api-keys}' | base64 -d");
  }
}
