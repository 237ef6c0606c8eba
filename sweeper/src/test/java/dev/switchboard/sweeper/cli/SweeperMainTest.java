package dev.switchboard.sweeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The command line as a CronJob runs it: one JSON line on stdout, the exit code says how it went.
 */
@QuarkusMainTest
@TestProfile(SweeperMainTest.LocalRun.class)
@WithTestResource(RedisTestResource.class)
class SweeperMainTest {

  /** A local run: no Kubernetes, the lease alone decides. */
  public static class LocalRun implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("switchboard.sweeper.kubernetes.enabled", "false");
    }
  }

  @Test
  @Launch({"--dry-run"})
  void runOncePrintsAOneLineJsonSummaryAndExitsZero(LaunchResult result) {
    String line =
        result.getOutputStream().stream().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
    JsonObject summary = new JsonObject(line);

    assertThat(result.exitCode()).isZero();
    assertThat(summary.getBoolean("ok")).isTrue();
    assertThat(summary.getBoolean("dryRun")).isTrue();
    assertThat(summary.getJsonObject("verdicts").fieldNames())
        .containsExactlyInAnyOrder("dead", "restarted", "suspect", "unresponsive");
  }

  @Test
  @Launch(
      value = {"--mode=forever"},
      exitCode = 2)
  void badArgumentsExitTwoWithTheUsage(LaunchResult result) {
    assertThat(result.getErrorOutput())
        .contains("--mode must be run-once or loop")
        .contains("usage:");
  }
}
