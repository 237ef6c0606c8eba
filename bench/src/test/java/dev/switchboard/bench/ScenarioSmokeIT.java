package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs every scenario at tiny scale through the packaged bench jar against the packaged
 * applications. It checks that each scenario works and that the correctness figures hold (no
 * ghosts, nothing missed); it asserts no speed: timings live in BENCHMARKS.md.
 */
class ScenarioSmokeIT {

  private static final Path REPO = Path.of(System.getProperty("bench.repo", ".."));
  private static final Path JAR =
      Path.of(System.getProperty("bench.jar", "target/switchboard-bench.jar"));

  @Test
  void holdKeepsEverySocketOnEveryKindOfServer() throws Exception {
    List<JsonObject> results = run("hold", "--kinds=switchboard,vertx-floor,quarkus-floor");
    assertThat(results)
        .extracting(r -> r.getString("server"))
        .containsExactly("switchboard", "vertx-floor", "quarkus-floor");
    for (JsonObject result : results) {
      assertThat(result.getInteger("held")).as(result.encode()).isEqualTo(300);
      assertThat(result.getInteger("stillOpenAfterWindow")).as(result.encode()).isEqualTo(300);
      assertThat(result.getDouble("bytesPerConnection")).isPositive();
    }
  }

  @Test
  void idleRedisHoldsEveryDeviceAndCountsTheFleetsScripts() throws Exception {
    JsonObject result = run("idle-redis").get(0);
    assertThat(result.getInteger("held")).as(result.encode()).isEqualTo(200);
    assertThat(result.getInteger("stillOpenAfterWindow")).as(result.encode()).isEqualTo(200);
    assertThat(result.getDouble("backgroundCommandsPerEdgeMinute")).isPositive();
  }

  @Test
  void connectWelcomesEveryDeviceAndMakesItVisible() throws Exception {
    // paced (open loop), the mode "welcome→visible p99 at 1,000 connects/s" is measured in; the
    // warm-up before it connects closed-loop
    JsonObject result = run("connect", "--kinds=switchboard", "--rate=400").get(0);
    assertThat(result.getInteger("welcomed")).as(result.encode()).isEqualTo(200);
    assertThat(result.getDouble("rate")).isEqualTo(400.0);
    assertThat(result.getDouble("eventLoopCpuMicrosPerConnect")).isPositive();
    assertThat(result.getInteger("visibleSamples")).isEqualTo(20);
    // a probe that never saw the device reports a huge but finite maximum: count them instead
    assertThat(result.getInteger("visibleNever")).as("every sample became visible").isZero();
  }

  @Test
  @DisplayName("connect welcomes every device on the bare Vert.x and the bare Quarkus floors")
  void connectWelcomesEveryDeviceOnTheFloors() throws Exception {
    List<JsonObject> results = run("connect", "--kinds=vertx-floor,quarkus-floor");
    assertThat(results)
        .extracting(r -> r.getString("server"))
        .containsExactly("vertx-floor", "quarkus-floor");
    for (JsonObject result : results) {
      assertThat(result.getInteger("welcomed")).as(result.encode()).isEqualTo(200);
      assertThat(result.getInteger("unsettled")).as(result.encode()).isZero();
      assertThat(result.getDouble("eventLoopCpuMicrosPerConnect")).isPositive();
    }
  }

  @Test
  void lookupMeasuresApiAndRedisFloor() throws Exception {
    JsonObject result = run("lookup").get(0);
    assertThat(result.getInteger("welcomed")).isEqualTo(100);
    assertThat(result.getLong("singleNon2xx")).as(result.encode()).isZero();
    assertThat(result.getLong("batchNon2xx")).isZero();
    assertThat(result.getLong("offlineInOneBatch")).as(result.encode()).isZero();
    assertThat(result.getDouble("singleRequestsPerSecond")).isPositive();
    assertThat(result.getDouble("redisHgetallPerSecond")).isPositive();
  }

  @Test
  @DisplayName(
      "connect on a 3-master Redis Cluster welcomes every device and reports each shard's CPU"
          + " beside the single node's of the same run")
  void connectOnARedisClusterWelcomesEveryDeviceAndReportsEachShard() throws Exception {
    List<JsonObject> results = run("connect", "--kinds=switchboard", "--redis=single,cluster");
    assertThat(results).extracting(r -> r.getString("redis")).containsExactly("single", "cluster");
    JsonObject cluster = results.get(1);
    assertThat(cluster.getInteger("welcomed")).as(cluster.encode()).isEqualTo(200);
    assertThat(cluster.getInteger("visibleSamples")).isEqualTo(20);
    assertThat(cluster.getInteger("visibleNever")).as("every sample became visible").isZero();
    assertThat(cluster.getJsonArray("redisCpuMicrosPerConnectByShard").getList()).hasSize(3);
    assertThat(
            cluster
                .getJsonObject("toSingle")
                .getJsonArray("redisCpuMicrosPerConnectByShard")
                .getList())
        .as(cluster.encode())
        .hasSize(3);
  }

  @Test
  @DisplayName("lookup on a 3-master Redis Cluster finds every connected device")
  void lookupOnARedisClusterFindsEveryDevice() throws Exception {
    JsonObject result = run("lookup", "--redis=cluster").get(0);
    assertThat(result.getString("redis")).isEqualTo("cluster");
    assertThat(result.getInteger("welcomed")).as(result.encode()).isEqualTo(100);
    assertThat(result.getLong("offlineInOneBatch")).as(result.encode()).isZero();
    assertThat(result.getLong("singleNon2xx")).as(result.encode()).isZero();
    assertThat(result.getLong("batchNon2xx")).isZero();
    assertThat(result.getDouble("redisHgetallPerSecond")).isPositive();
    assertThat(result.getJsonArray("redisCpuMicrosPerSingleLookupByShard").getList()).hasSize(3);
  }

  @Test
  @DisplayName("hold on a 3-master Redis Cluster keeps every socket")
  void holdOnARedisClusterKeepsEverySocket() throws Exception {
    JsonObject result = run("hold", "--kinds=switchboard", "--redis=cluster").get(0);
    assertThat(result.getString("redis")).isEqualTo("cluster");
    assertThat(result.getInteger("held")).as(result.encode()).isEqualTo(300);
    assertThat(result.getInteger("stillOpenAfterWindow")).as(result.encode()).isEqualTo(300);
    assertThat(result.getJsonArray("redisCpuMicrosPerThousandDeviceMinutesByShard").getList())
        .hasSize(3);
  }

  @Test
  @DisplayName("P3: a reconnect storm leaves no ghosts, no missing entries and no wrong owners")
  void churnLeavesNoGhostsNoMissingAndNoWrongOwners() throws Exception {
    JsonObject result = run("churn").get(0);
    assertThat(result.getLong("takeovers")).isPositive();
    assertThat(result.getLong("resets")).isPositive();
    assertThat(result.getInteger("ghosts")).as(result.encode()).isZero();
    assertThat(result.getInteger("missing")).as(result.encode()).isZero();
    assertThat(result.getInteger("wrongOwners")).as(result.encode()).isZero();
    assertThat(result.getInteger("duplicateSockets")).isZero();
  }

  @Test
  @DisplayName("P1: every silent device is detected soon after the heartbeat timeout")
  void detectFindsEverySilentDeviceSoonAfterTheTimeout() throws Exception {
    JsonObject result = run("detect").get(0);
    assertThat(result.getInteger("undetected")).as(result.encode()).isZero();
    // The target (timeout + 1 s) is measured by the bench on a quiet machine (BENCHMARKS.md);
    // the smoke shares its machine with a build, so it allows two more seconds.
    assertThat(result.getDouble("detectMaxMs"))
        .as(result.encode())
        .isLessThanOrEqualTo(result.getDouble("targetMs") + 2_000);
    assertThat(result.getInteger("answeringDevicesReadOffline")).isZero();
  }

  @Test
  void failedUpgradesNeverLockAnAddressOut() throws Exception {
    JsonObject result = run("failed-upgrades").get(0);
    assertThat(result.getInteger("failedUpgrades")).as(result.encode()).isEqualTo(20);
    assertThat(result.getInteger("lockedOutAfter")).as(result.encode()).isEqualTo(-1);
  }

  @Test
  @DisplayName("P8: a crashed edge's entries go stale, then are swept, and survivors stay online")
  void crashEntriesGoStaleThenSweptAndSurvivorsStayOnline() throws Exception {
    JsonObject result = run("crash").get(0);
    assertThat(result.getDouble("allStaleSeconds")).as(result.encode()).isPositive();
    assertThat(result.getDouble("allSweptSeconds"))
        .isGreaterThanOrEqualTo(result.getDouble("allStaleSeconds"));
    assertThat(result.getInteger("survivorOfflineReadings")).isZero();
  }

  @Test
  void messagesReachEveryDeviceInBothDeliveryModes() throws Exception {
    List<JsonObject> results = run("messages");
    assertThat(results)
        .extracting(r -> r.getString("delivery"))
        .containsExactly("at-most-once", "at-least-once");
    for (JsonObject result : results) {
      assertThat(result.getLong("accepted")).as(result.encode()).isEqualTo(result.getLong("sent"));
      assertThat(result.getLong("delivered")).as(result.encode()).isEqualTo(result.getLong("sent"));
      assertThat(result.getDouble("redisCommandsPerMessage")).isPositive();
    }
  }

  @Test
  void durableMessagesSurviveTakeoversOfflineSpellsAndAnEdgeKillInOrder() throws Exception {
    JsonObject result = run("churn-messages").get(0);
    assertThat(result.getLong("takeovers")).as(result.encode()).isPositive();
    assertThat(result.getBoolean("edgeKilled")).isTrue();
    assertThat(result.getLong("lost")).as(result.encode()).isZero();
    assertThat(result.getLong("reordered")).as(result.encode()).isZero();
    assertThat(result.getLong("devicesIncomplete")).as(result.encode()).isZero();
  }

  private static List<JsonObject> run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Launched.java(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    command.add("--smoke");
    command.add("--repo=" + REPO.toAbsolutePath().normalize());
    Path log = Files.createTempFile("bench-smoke-" + args[0], ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean exited = process.waitFor(5, TimeUnit.MINUTES);
    String output = Files.readString(log);
    if (!exited) {
      process.destroyForcibly();
    }
    assertThat(exited && process.exitValue() == 0)
        .as("bench %s exited cleanly:%n%s", args[0], output)
        .isTrue();
    List<JsonObject> results = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (line.startsWith("RESULT ")) {
        results.add(new JsonObject(line.substring("RESULT ".length())));
      }
    }
    assertThat(results).as("results of %s:%n%s", args[0], output).isNotEmpty();
    return results;
  }
}
