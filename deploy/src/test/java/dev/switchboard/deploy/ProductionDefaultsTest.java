package dev.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.deploy.Rendered.Workload;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The chart's production defaults (issue 14): disruption budgets, zone and host spread, the edge's
 * connection limit derived from its memory, autoscaling on memory and sockets, a private CA for
 * {@code rediss://}, extra volumes. Rendered from the plain chart defaults where possible.
 */
class ProductionDefaultsTest {

  private static final List<String> SERVICES = List.of("ws-edge", "presence-api", "sweeper");

  @Test
  void plainDefaultsHaveDisruptionBudgetsForEdgesAndApi() {
    // given
    Rendered rendered = Scenario.generatedSecrets().render();

    // then
    assertThat(rendered.all(PodDisruptionBudget.class))
        .extracting(
            p -> p.getMetadata().getName(), p -> p.getSpec().getMaxUnavailable().getIntVal())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("switchboard-edge", 1),
            org.assertj.core.groups.Tuple.tuple("switchboard-api", 1));
  }

  @Test
  void plainDefaultsSpreadSoftlyBecauseOneZoneMustStillSchedule() {
    // given
    Rendered rendered = Scenario.generatedSecrets().render();

    // then
    for (String component : List.of("ws-edge", "presence-api")) {
      assertThat(rendered.workload(component).spec().getTopologySpreadConstraints())
          .extracting(TopologySpreadConstraint::getWhenUnsatisfiable)
          .containsExactly("ScheduleAnyway", "ScheduleAnyway");
    }
  }

  @Test
  void multiZoneMakesTheZoneSpreadHardAndLeavesTheHostSpreadSoft() {
    // given
    Rendered rendered = Scenario.generatedSecrets().with("topologySpread.multiZone=true").render();

    // then
    for (String component : List.of("ws-edge", "presence-api")) {
      List<TopologySpreadConstraint> spread =
          rendered.workload(component).spec().getTopologySpreadConstraints();
      assertThat(spread.get(0).getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
      assertThat(spread.get(0).getWhenUnsatisfiable()).isEqualTo("DoNotSchedule");
      assertThat(spread.get(1).getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
    }
  }

  @Test
  void spreadCanBeTurnedOff() {
    // given
    Rendered rendered = Scenario.generatedSecrets().with("topologySpread.enabled=false").render();

    // then
    for (String component : List.of("ws-edge", "presence-api")) {
      assertThat(rendered.workload(component).spec().getTopologySpreadConstraints())
          .as(component)
          .isNullOrEmpty();
    }
  }

  @ParameterizedTest(name = "{0} holds {1} sockets")
  @CsvSource({
    // limit × 0.6 ÷ 11,539 bytes (7,848 B of RSS per idle socket at 100k with the chart's JVM
    // flags, BENCHMARKS.md, and 3,691 B of kernel memory per socket), rounded down
    "1Gi,    55831",
    "512Mi,  27915",
    "2Gi,    111663",
    "1500M,  77996",
    "3G,     155992",
  })
  void maxConnectionsIsDerivedFromTheMemoryLimit(String memory, long expected) {
    // given
    Workload edge =
        Scenario.generatedSecrets()
            .with("edge.resources.limits.memory=" + memory)
            .render()
            .workload("ws-edge");

    // then
    assertThat(edge.envValue("SWITCHBOARD_EDGE_LIMITS_MAX_CONNECTIONS"))
        .isEqualTo(Long.toString(expected));
  }

  @Test
  void theIssuesOomScenarioIsGoneAtTheDefaults() {
    // given: 200,000 sockets against a 1 GiB limit was the old default
    Workload edge = Scenario.generatedSecrets().render().workload("ws-edge");

    // then
    assertThat(edge.container().getResources().getLimits().get("memory").toString())
        .isEqualTo("1Gi");
    assertThat(Long.parseLong(edge.envValue("SWITCHBOARD_EDGE_LIMITS_MAX_CONNECTIONS")))
        .isLessThan(200_000)
        .isEqualTo(55_831);
  }

  @Test
  void
      edgeRunsTheSerialCollectorWithASmallYoungGenerationAndTrimsTheCHeapThroughTheImagesRunJava() {
    // given
    Workload edge = Scenario.generatedSecrets().render().workload("ws-edge");

    // then: run-java.sh puts GC_CONTAINER_OPTIONS where it would put -XX:+UseParallelGC, and
    // appends JAVA_OPTS_APPEND, whose logging manager (set by the image) must survive
    assertThat(edge.envValue("GC_CONTAINER_OPTIONS")).isEqualTo("-XX:+UseSerialGC");
    assertThat(edge.envValue("JAVA_OPTS_APPEND"))
        .isEqualTo(
            "-Djava.util.logging.manager=org.jboss.logmanager.LogManager"
                + " -XX:MaxNewSize=32m -Xss512k -XX:TrimNativeHeapInterval=5000");
  }

  @Test
  void edgeJvmOptionsCanBeEmptiedAndTheLoggingManagerStays() {
    // given
    Workload edge =
        Scenario.generatedSecrets()
            .with("edge.jvm.options=")
            .with("edge.jvm.gc=-XX:+UseG1GC -XX:G1PeriodicGCInterval=60000")
            .render()
            .workload("ws-edge");

    // then
    assertThat(edge.envValue("GC_CONTAINER_OPTIONS"))
        .isEqualTo("-XX:+UseG1GC -XX:G1PeriodicGCInterval=60000");
    assertThat(edge.envValue("JAVA_OPTS_APPEND"))
        .isEqualTo("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
  }

  @Test
  void aLowerExplicitMaxConnectionsIsKept() {
    // given
    Workload edge =
        Scenario.generatedSecrets()
            .with("edge.limits.maxConnections=20000")
            .render()
            .workload("ws-edge");

    // then
    assertThat(edge.envValue("SWITCHBOARD_EDGE_LIMITS_MAX_CONNECTIONS")).isEqualTo("20000");
    assertThat(edge.envValue("SWITCHBOARD_EDGE_LIMITS_MAX_PENDING_CLAIMS")).isEqualTo("500");
  }

  @Test
  void autoscalingUsesMemoryAndOptionallySocketsPerPodNeverCpu() {
    // given
    Rendered memoryOnly =
        Scenario.generatedSecrets().with("edge.autoscaling.enabled=true").render();
    Rendered both = Scenario.ci("everything-on").render();

    // then
    List<MetricSpec> memory =
        memoryOnly.one(HorizontalPodAutoscaler.class, "switchboard-edge").getSpec().getMetrics();
    assertThat(memory).hasSize(1);
    assertThat(memory.get(0).getResource().getName()).isEqualTo("memory");
    assertThat(memory.get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(80);

    List<MetricSpec> metrics =
        both.one(HorizontalPodAutoscaler.class, "switchboard-edge").getSpec().getMetrics();
    assertThat(metrics).extracting(MetricSpec::getType).containsExactly("Resource", "Pods");
    assertThat(metrics)
        .noneMatch(m -> m.getResource() != null && m.getResource().getName().equals("cpu"));
    var pods = metrics.get(1).getPods();
    assertThat(pods.getMetric().getName()).isEqualTo("switchboard_edge_connections_open");
    assertThat(pods.getTarget().getType()).isEqualTo("AverageValue");
    assertThat(pods.getTarget().getAverageValue().toString()).isEqualTo("30000");
  }

  @Test
  void aCaBundleSecretIsMountedAndGivenToTheRedisClientOfEveryService() {
    // given
    Rendered rendered = Scenario.ci("everything-on").render();

    // then
    for (String component : SERVICES) {
      Workload workload = rendered.workload(component);
      Volume volume = volume(workload, "redis-ca").orElseThrow();
      assertThat(volume.getSecret().getSecretName()).isEqualTo("redis-ca");
      assertThat(volume.getSecret().getItems())
          .extracting(i -> i.getKey())
          .containsExactly("ca.crt");
      VolumeMount mount = mount(workload, "redis-ca").orElseThrow();
      assertThat(mount.getMountPath()).isEqualTo("/etc/switchboard/redis-ca");
      assertThat(mount.getReadOnly()).isTrue();
      assertThat(workload.envValue("QUARKUS_REDIS_TLS_TRUST_CERTIFICATE_PEM_CERTS"))
          .isEqualTo("/etc/switchboard/redis-ca/ca.crt");
      assertThat(workload.envValue("QUARKUS_REDIS_TLS_ENABLED")).isEqualTo("true");
    }
  }

  @Test
  void aCaBundleConfigMapWorksTooAndWithoutOneNothingIsMounted() {
    // given
    Rendered configMap =
        Scenario.generatedSecrets()
            .with("redis.tls.caBundle.existingConfigMap=trust-bundle")
            .with("redis.tls.caBundle.key=bundle.pem")
            .render();
    Rendered none = Scenario.generatedSecrets().render();

    // then
    for (String component : SERVICES) {
      Workload workload = configMap.workload(component);
      assertThat(volume(workload, "redis-ca").orElseThrow().getConfigMap().getName())
          .isEqualTo("trust-bundle");
      assertThat(workload.envValue("QUARKUS_REDIS_TLS_TRUST_CERTIFICATE_PEM_CERTS"))
          .isEqualTo("/etc/switchboard/redis-ca/bundle.pem");
      Workload plain = none.workload(component);
      assertThat(volume(plain, "redis-ca")).isEmpty();
      assertThat(plain.env("QUARKUS_REDIS_TLS_TRUST_CERTIFICATE_PEM_CERTS")).isEmpty();
    }
  }

  @Test
  void extraVolumesAndMountsReachEveryServicePod() {
    // given
    Rendered rendered = Scenario.ci("everything-on").render();

    // then
    for (String component : SERVICES) {
      Workload workload = rendered.workload(component);
      assertThat(volume(workload, "extra-config").orElseThrow().getConfigMap().getName())
          .isEqualTo("switchboard-extra");
      assertThat(mount(workload, "extra-config").orElseThrow().getMountPath())
          .isEqualTo("/etc/switchboard/extra");
      assertThat(mount(workload, "tmp")).as("the /tmp mount stays").isPresent();
    }
  }

  private static Optional<Volume> volume(Workload workload, String name) {
    return Optional.ofNullable(workload.spec().getVolumes()).orElse(List.of()).stream()
        .filter(v -> v.getName().equals(name))
        .findFirst();
  }

  private static Optional<VolumeMount> mount(Workload workload, String name) {
    return Optional.ofNullable(workload.container().getVolumeMounts()).orElse(List.of()).stream()
        .filter(m -> m.getName().equals(name))
        .findFirst();
  }

  @Test
  void logFormatJsonSwitchesEveryServiceToJsonRecords() {
    // given
    Rendered text = Scenario.generatedSecrets().render();
    Rendered json = Scenario.generatedSecrets().with("logFormat=json").render();

    // then
    for (String component : SERVICES) {
      assertThat(text.workload(component).env("SWITCHBOARD_LOG_JSON")).as(component).isEmpty();
      assertThat(json.workload(component).envValue("SWITCHBOARD_LOG_JSON"))
          .as(component)
          .isEqualTo("true");
    }
  }
}
