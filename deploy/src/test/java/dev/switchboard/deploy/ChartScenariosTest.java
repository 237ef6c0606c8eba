package dev.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.deploy.Rendered.Workload;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each scenario is for: the objects it turns on and off, and how they are set. */
class ChartScenariosTest {

  private static final List<String> OPTIONAL_KINDS =
      List.of(
          "HorizontalPodAutoscaler",
          "NetworkPolicy",
          "ServiceMonitor",
          "PrometheusRule",
          "ConfigMap",
          "Ingress",
          "StatefulSet");

  @Test
  void theScenariosExist() {
    assertThat(Scenario.allCi())
        .extracting(Scenario::name)
        .contains("default", "loop-sweeper", "everything-on", "sentinel");
  }

  @Test
  void sentinelPointsEveryServiceAtTheSentinelsWithTheMasterName() {
    // given
    Rendered rendered = Scenario.ci("sentinel").render();

    // then
    for (String component : List.of("ws-edge", "presence-api", "sweeper")) {
      Workload workload = rendered.workload(component);
      assertThat(workload.envValue("REDIS_URL"))
          .as(component)
          .isEqualTo(
              "redis://redis-sentinel-0.redis-sentinel:26379,"
                  + "redis://redis-sentinel-1.redis-sentinel:26379,"
                  + "redis://redis-sentinel-2.redis-sentinel:26379");
      assertThat(workload.envValue("QUARKUS_REDIS_CLIENT_TYPE"))
          .as(component)
          .isEqualTo("sentinel");
      assertThat(workload.envValue("QUARKUS_REDIS_MASTER_NAME"))
          .as(component)
          .isEqualTo("mymaster");
      assertThat(workload.env("QUARKUS_REDIS_PASSWORD")).as(component).isPresent();
    }
    assertThat(rendered.all(StatefulSet.class)).as("no bundled Redis").isEmpty();
  }

  @Test
  void onlySentinelSetsAMasterName() {
    for (Scenario scenario : Scenario.allCi()) {
      if (scenario.name().equals("sentinel")) {
        continue;
      }
      for (Workload workload : scenario.render().workloads()) {
        assertThat(workload.env("QUARKUS_REDIS_MASTER_NAME"))
            .as("%s %s", scenario, workload)
            .isEmpty();
      }
    }
  }

  @Test
  void defaultRunsTheSweeperAsACronJobAndNothingOptional() {
    // given
    Rendered rendered = Scenario.ci("default").render();

    // when
    CronJob cron = rendered.one(CronJob.class, "switchboard-sweeper");

    // then
    assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(cron.getSpec().getStartingDeadlineSeconds()).isPositive();
    var job = cron.getSpec().getJobTemplate().getSpec();
    assertThat(job.getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(job.getActiveDeadlineSeconds()).isPositive();
    assertThat(rendered.workload("sweeper").envValue("SWITCHBOARD_SWEEPER_MODE"))
        .isEqualTo("run-once");
    assertThat(rendered.find(Deployment.class, "switchboard-sweeper")).isEmpty();
    for (String kind : OPTIONAL_KINDS) {
      assertThat(rendered.kind(kind)).as(kind).isEmpty();
    }
    assertThat(rendered.all(Secret.class)).as("k8s/ names existing Secrets").isEmpty();
    for (Workload workload : rendered.workloads()) {
      assertThat(workload.annotations())
          .as(workload.toString())
          .doesNotContainKey("prometheus.io/scrape");
    }
    assertThat(rendered.one(Deployment.class, "switchboard-edge").getSpec().getReplicas())
        .isEqualTo(2);
    assertThat(rendered.all(PodDisruptionBudget.class))
        .as("PodDisruptionBudgets are on by default")
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("switchboard-edge", "switchboard-api");
  }

  @Test
  void loopSweeperIsALeaderElectedDeploymentWithAMetricsService() {
    // given
    Rendered rendered = Scenario.ci("loop-sweeper").render();

    // when
    Deployment sweeper = rendered.one(Deployment.class, "switchboard-sweeper");
    Workload workload = rendered.workload("sweeper");

    // then
    assertThat(rendered.all(CronJob.class)).isEmpty();
    assertThat(sweeper.getSpec().getReplicas()).isEqualTo(2);
    assertThat(workload.envValue("SWITCHBOARD_SWEEPER_MODE")).isEqualTo("loop");
    assertThat(workload.envValue("SWITCHBOARD_SWEEPER_KUBERNETES_LEASE_NAME"))
        .isEqualTo("switchboard-sweeper");
    assertThat(workload.envValue("SWITCHBOARD_SWEEPER_INTERVAL")).isEqualTo("20s");
    assertThat(rendered.one(Service.class, "switchboard-sweeper").getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getPort()).isEqualTo(8090));
  }

  @Test
  void loopSweeperScenarioAnnotatesPodsForPrometheus() {
    // given
    Rendered rendered = Scenario.ci("loop-sweeper").render();

    // then
    Map<String, String> ports =
        Map.of("ws-edge", "8081", "presence-api", "8080", "sweeper", "8090");
    ports.forEach(
        (component, port) ->
            assertThat(rendered.workload(component).annotations())
                .as(component)
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", port)
                .containsEntry("prometheus.io/path", "/q/metrics"));
  }

  @Test
  void bundledRedisIsOnePodMarkedNotForProductionWithAGeneratedPassword() {
    // given
    Rendered rendered = Scenario.ci("loop-sweeper").render();

    // when
    StatefulSet redis = rendered.one(StatefulSet.class, "switchboard-redis");
    Workload edge = rendered.workload("ws-edge");

    // then
    assertThat(redis.getSpec().getReplicas()).isEqualTo(1);
    assertThat(redis.getMetadata().getAnnotations().get("switchboard.dev/warning"))
        .startsWith("NOT FOR PRODUCTION");
    assertThat(edge.envValue("REDIS_URL"))
        .isEqualTo("redis://switchboard-redis.switchboard.svc:6379");
    assertThat(edge.env("QUARKUS_REDIS_PASSWORD").orElseThrow().getValueFrom().getSecretKeyRef())
        .satisfies(ref -> assertThat(ref.getName()).isEqualTo("switchboard-redis"));
    assertGeneratedOnce(rendered.one(Secret.class, "switchboard-redis"), "redis-password", 32);
  }

  @Test
  void everythingOnTurnsOnEveryOptionalObject() {
    // given
    Rendered rendered = Scenario.ci("everything-on").render();

    // then
    assertThat(rendered.all(PodDisruptionBudget.class))
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("switchboard-edge", "switchboard-api");
    HorizontalPodAutoscaler hpa = rendered.one(HorizontalPodAutoscaler.class, "switchboard-edge");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
    assertThat(hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds())
        .isPositive();
    assertThat(rendered.all(NetworkPolicy.class))
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("switchboard-edge", "switchboard-api", "switchboard-sweeper");
    assertThat(rendered.kind("ServiceMonitor")).hasSize(3);
    assertThat(rendered.kind("ServiceMonitor"))
        .allSatisfy(
            m -> assertThat(m.getMetadata().getLabels()).containsEntry("release", "prometheus"));
    assertThat(rendered.all(ConfigMap.class)).hasSize(1);
    assertThat(rendered.kind("PrometheusRule")).hasSize(1);
    assertThat(rendered.kind("PrometheusRule").get(0).getMetadata().getLabels())
        .containsEntry("release", "prometheus");
  }

  @Test
  void everythingOnIngressExposesOnlyTheWebSocketPathWithLongTimeouts() {
    // given
    Ingress ingress = Scenario.ci("everything-on").render().one(Ingress.class, "switchboard-edge");

    // then
    var rule = ingress.getSpec().getRules().get(0);
    assertThat(rule.getHost()).isEqualTo("ws.example.com");
    assertThat(rule.getHttp().getPaths())
        .singleElement()
        .satisfies(p -> assertThat(p.getPath()).isEqualTo("/v1/connect"));
    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600")
        .containsEntry("nginx.ingress.kubernetes.io/proxy-send-timeout", "3600");
    assertThat(ingress.getSpec().getTls()).hasSize(1);
  }

  @Test
  void everythingOnPassesSettingsAndImagesThrough() {
    // given
    Rendered rendered = Scenario.ci("everything-on").render();
    Workload edge = rendered.workload("ws-edge");
    Workload api = rendered.workload("presence-api");

    // then
    assertThat(edge.envValue("SWITCHBOARD_EDGE_HEARTBEAT_TIMEOUT")).isEqualTo("30s");
    assertThat(edge.envValue("SWITCHBOARD_EDGE_TAKEOVER_POLICY")).isEqualTo("reject-new");
    assertThat(edge.envValue("SWITCHBOARD_EDGE_DRAIN_WINDOW")).isEqualTo("20s");
    assertThat(edge.envValue("QUARKUS_REDIS_CLIENT_TYPE")).isEqualTo("cluster");
    assertThat(edge.env("QUARKUS_REDIS_PASSWORD").orElseThrow().getValueFrom().getSecretKeyRef())
        .satisfies(
            ref -> {
              assertThat(ref.getName()).isEqualTo("redis-credentials");
              assertThat(ref.getKey()).isEqualTo("password");
            });
    assertThat(api.envValue("SWITCHBOARD_API_MAX_LOOKUP")).isEqualTo("500");
    assertThat(edge.container().getImage())
        .isEqualTo("registry.example.com/switchboard/ws-edge:0.1.0-rc1");
    assertThat(api.container().getImage())
        .startsWith("registry.example.com/switchboard/presence-api@sha256:");
    assertThat(edge.spec().getImagePullSecrets())
        .extracting(r -> r.getName())
        .containsExactly("regcred");
    assertThat(edge.annotations()).containsEntry("example.com/owner", "realtime");
    assertThat(rendered.workload("sweeper").envValue("SWITCHBOARD_SWEEPER_DRY_RUN"))
        .isEqualTo("true");
  }

  @Test
  void theGrafanaDashboardIsValidJsonAboutSwitchboardMetrics() throws Exception {
    // given
    ConfigMap dashboard =
        Scenario.ci("everything-on").render().one(ConfigMap.class, "switchboard-dashboard");

    // when
    JsonNode json = new ObjectMapper().readTree(dashboard.getData().get("switchboard.json"));

    // then
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(json.get("title").asText()).isEqualTo("Switchboard");
    assertThat(json.get("panels").size()).isGreaterThanOrEqualTo(8);
    assertThat(json.get("panels").toString())
        .contains(
            "switchboard_edge_connections_open",
            "switchboard_edge_claims_pending",
            "switchboard_api_lookups_total");
  }

  @Test
  void networkPoliciesAdmitIngressToEdgesLabelledNamespacesToTheApiAndReleasePodsToRedis() {
    // given
    Rendered rendered = Scenario.ci("loop-sweeper").with("networkPolicy.enabled=true").render();

    // when
    NetworkPolicy edge = rendered.one(NetworkPolicy.class, "switchboard-edge");
    NetworkPolicy api = rendered.one(NetworkPolicy.class, "switchboard-api");
    NetworkPolicy redis = rendered.one(NetworkPolicy.class, "switchboard-redis");

    // then
    assertThat(edge.getSpec().getIngress().get(0).getFrom())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.getNamespaceSelector().getMatchLabels())
                    .containsEntry("kubernetes.io/metadata.name", "ingress-nginx"));
    List<NetworkPolicyPeer> apiPeers = api.getSpec().getIngress().get(0).getFrom();
    assertThat(apiPeers.get(0).getNamespaceSelector().getMatchLabels())
        .containsEntry("switchboard.dev/presence-client", "true");
    assertThat(apiPeers.get(1).getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/component", "test")
        .as("the helm test pod carries those labels")
        .isEqualTo(withoutChartLabels(rendered.workload("test").labels()));
    NetworkPolicyPeer redisPeer = redis.getSpec().getIngress().get(0).getFrom().get(0);
    assertThat(redis.getSpec().getIngress().get(0).getFrom()).hasSize(1);
    assertThat(redisPeer.getNamespaceSelector()).as("same namespace only").isNull();
    assertThat(redisPeer.getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/instance", "switchboard");
    assertThat(redisPeer.getPodSelector().getMatchExpressions().get(0).getValues())
        .containsExactlyInAnyOrder("ws-edge", "presence-api", "sweeper");
  }

  @Test
  void withoutExistingSecretsTheChartGeneratesThemOnceAndKeepsThem() {
    // given
    Rendered rendered = Scenario.generatedSecrets().render();
    Workload edge = rendered.workload("ws-edge");
    Workload api = rendered.workload("presence-api");

    // then
    Secret auth = rendered.one(Secret.class, "switchboard-edge-auth");
    Secret keys = rendered.one(Secret.class, "switchboard-api-keys");
    assertGeneratedOnce(auth, "token-secret", 48);
    assertGeneratedOnce(keys, "api-keys", 40);
    assertThat(edge.env("SWITCHBOARD_AUTH_SECRET").orElseThrow().getValueFrom().getSecretKeyRef())
        .satisfies(ref -> assertThat(ref.getName()).isEqualTo("switchboard-edge-auth"));
    assertThat(api.env("SWITCHBOARD_API_KEYS").orElseThrow().getValueFrom().getSecretKeyRef())
        .satisfies(ref -> assertThat(ref.getName()).isEqualTo("switchboard-api-keys"));
    assertThat(edge.env("QUARKUS_REDIS_PASSWORD"))
        .as("an external Redis without a Secret")
        .isEmpty();
  }

  private static void assertGeneratedOnce(Secret secret, String key, int length) {
    assertThat(secret.getMetadata().getAnnotations())
        .as("kept on uninstall and read back with lookup on upgrade")
        .containsEntry("helm.sh/resource-policy", "keep");
    byte[] value = Base64.getDecoder().decode(secret.getData().get(key));
    assertThat(value).as(Rendered.id(secret) + " " + key).hasSize(length);
  }

  private static Map<String, String> withoutChartLabels(Map<String, String> labels) {
    return Map.of(
        "app.kubernetes.io/name", labels.get("app.kubernetes.io/name"),
        "app.kubernetes.io/instance", labels.get("app.kubernetes.io/instance"),
        "app.kubernetes.io/component", labels.get("app.kubernetes.io/component"));
  }
}
