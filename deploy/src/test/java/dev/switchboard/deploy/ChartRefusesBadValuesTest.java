package dev.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Values that must stop {@code helm install} with a message naming what to change: the schema's
 * (which names the value by its JSON pointer) or the templates' own {@code fail}.
 */
class ChartRefusesBadValuesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          edge.terminationGracePeriodSeconds=21 | edge.terminationGracePeriodSeconds (21) must exceed edge.preStopPauseSeconds (5) + edge.drain.windowSeconds (10) + edge.drain.finishSeconds (6) = 21
          edge.drain.windowSeconds=40           | edge.terminationGracePeriodSeconds (30) must exceed
          edge.image.tag=latest                 | edge.image.tag: 'latest' is not allowed
          sweeper.image.tag=LATEST              | sweeper.image.tag: 'latest' is not allowed
          redis.url=,redis.bundled.enabled=true,redis.bundled.image.tag=latest | redis.bundled.image.tag: 'latest' is not allowed
          sweeper.mode=sometimes                | '/sweeper/mode'
          edge.auth.mode=basic                  | '/edge/auth/mode'
          edge.replicas=3                       | 'replicas'
          switchboard.lease.ttl=15 seconds      | '/switchboard/lease/ttl'
          edge.image.digest=sha256:abc          | '/edge/image/digest'
          redis.url=localhost:6379              | '/redis/url'
          redis.bundled.enabled=true            | set either redis.url (an external Redis) or redis.bundled.enabled=true, not both
          redis.clientType=sentinel             | redis.sentinel.masterName is required with redis.clientType=sentinel
          redis.sentinel.masterName=mymaster    | redis.sentinel.masterName is set but redis.clientType is standalone
          redis.clientType=sentinel,redis.sentinel.masterName=my master | '/redis/sentinel/masterName'
          redis.url=,redis.bundled.enabled=true,redis.clientType=sentinel,redis.sentinel.masterName=m | redis.bundled.enabled runs one standalone Redis: redis.clientType must be standalone, not sentinel
          redis.sentinel.master=mymaster        | 'master'
          edge.config.quarkus\\.redis\\.master-name=m | edge.config.quarkus.redis.master-name is managed by the chart; set redis.sentinel.masterName instead
          api.config.quarkus\\.redis\\.auto-failover=true | api.config.quarkus.redis.auto-failover is managed by the chart
          podSecurityContext.runAsNonRoot=false | '/podSecurityContext/runAsNonRoot'
          containerSecurityContext.allowPrivilegeEscalation=true | '/containerSecurityContext/allowPrivilegeEscalation'
          edge.config.switchboard\\.auth\\.secret=x | edge.config.switchboard.auth.secret is managed by the chart; set edge.auth.existingSecret instead
          edge.config.quarkus\\.shutdown\\.timeout=1s | it must stay unset
          api.config.my\\.db\\.password=x        | api.config.my.db.password looks like a secret
          edge.autoscaling.enabled=true,edge.autoscaling.minReplicas=5,edge.autoscaling.maxReplicas=3 | edge.autoscaling.minReplicas (5) must not exceed edge.autoscaling.maxReplicas (3)
          edge.limits.maxConnections=200000 | edge.limits.maxConnections (200000) exceeds what edge.resources.limits.memory (1Gi) holds
          edge.resources.limits.memory=10Ki  | edge.resources.limits.memory (10Ki) holds no socket
          edge.resources.limits.memory=1Gx   | edge.resources.limits.memory: cannot read
          edge.config.switchboard\\.edge\\.limits\\.max-connections=1 | set edge.limits.maxConnections (derived from the memory limit) instead
          api.preStopPauseSeconds=40         | api.terminationGracePeriodSeconds (30) must exceed api.preStopPauseSeconds (40)
          redis.tls.caBundle.existingSecret=a,redis.tls.caBundle.existingConfigMap=b | set existingSecret or existingConfigMap, not both
          topologySpread.multiZone=maybe     | multiZone
          edge.spreadAcrossNodes=true        | spreadAcrossNodes
          edge.autoscaling.targetCPUUtilizationPercentage=70 | targetCPUUtilizationPercentage
          metrics.prometheusRule.enabled=true,sweeper.cron.schedule=0 * * * * | metrics.prometheusRule.sweepPeriodSeconds is required
          edge.proxy.trusted[0]=the-ingress  | '/edge/proxy/trusted/0'
          edge.proxy.protocol=yes            | '/edge/proxy/protocol'
          edge.jvm.options=-XX:MaxNewSize=32m -XX:+UseG1GC | edge.jvm.options (-XX:MaxNewSize=32m -XX:+UseG1GC) chooses a collector: set it in edge.jvm.gc instead
          edge.jvm.gc=-Xmx512m               | '/edge/jvm/gc'
          edge.jvm.options=MaxNewSize=32m    | '/edge/jvm/options'
          """)
  void refused(String set, String message) {
    // given
    Scenario scenario = Scenario.ci("default").with(set);

    // when
    Helm.Result result = scenario.template();

    // then
    assertThat(result.ok()).as("helm template --set %s should fail", set).isFalse();
    assertThat(result.stderr()).contains(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          redis.url=                | redis.url is required
          """)
  void plainDefaultsNeedARedis(String set, String message) {
    // when
    Helm.Result result = Scenario.generatedSecrets().with(set).template();

    // then
    assertThat(result.ok()).isFalse();
    assertThat(result.stderr()).contains(message);
  }
}
