package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.FreePorts;
import dev.switchboard.testsupport.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives {@code ./switchboard} as a process, the way a newcomer does in two terminals (issue #11,
 * items 7 and 8). Each test has its own run directory and free ports, so a developer's own {@code
 * up} on the default ports neither breaks the test nor is touched by it.
 */
class SwitchboardScriptIT {

  private static final Path REPO =
      Path.of(System.getProperty("bench.repo", "..")).toAbsolutePath().normalize();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final List<String> SERVICES =
      List.of("redis", "edge-a", "edge-b", "presence-api", "sweeper");

  @TempDir Path runDir;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void ownPortsAndRunDirectory() {
    env.put("SWITCHBOARD_RUN_DIR", runDir.toString());
    env.put("SWITCHBOARD_REDIS_PORT", Integer.toString(FreePorts.any()));
    env.put("SWITCHBOARD_API_PORT", Integer.toString(FreePorts.any()));
    env.put("SWITCHBOARD_EDGE_A_PORT", Integer.toString(FreePorts.any()));
    env.put("SWITCHBOARD_EDGE_B_PORT", Integer.toString(FreePorts.any()));
    env.put("SWITCHBOARD_SWEEPER_PORT", Integer.toString(FreePorts.any()));
  }

  @AfterEach
  void stopEverythingTheRunStarted() throws Exception {
    List<Long> pids = recordedPids();
    script("down").await(Duration.ofSeconds(60));
    started.forEach(Process::destroyForcibly);
    pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  @Test
  @DisplayName("a second up while the first runs refuses, names what runs, and truncates no log")
  void secondUpRefusesWhileTheFirstRuns() throws Exception {
    // given
    Script first = upAndReady();
    long edgeALogSize = Files.size(runDir.resolve("edge-a.log"));
    // when
    Script second = script("up").await(Duration.ofSeconds(60));
    // then
    assertThat(second.exitCode()).as(second.output()).isEqualTo(1);
    assertThat(second.output())
        .contains("refusing to start")
        .contains("(pid " + first.process.pid() + ")")
        .contains("edge-a of the previous run is still running (pid " + pid("edge-a"))
        .contains("./switchboard down");
    assertThat(first.process.isAlive()).as(first.output()).isTrue();
    for (String service : SERVICES) {
      assertThat(running(pid(service))).as(service).isTrue();
    }
    assertThat(Files.size(runDir.resolve("edge-a.log"))).isGreaterThanOrEqualTo(edgeALogSize);
    assertThat(Files.readString(runDir.resolve("edge-a.log"))).doesNotContain("\0");
  }

  @Test
  @DisplayName("up after kill -9 of one edge refuses, naming the survivors; down then stops them")
  void upAfterKill9OfOneEdgeRefusesAndDownStopsTheRest() throws Exception {
    // given
    upAndReady();
    List<Long> pids = recordedPids();
    ProcessHandle.of(pid("edge-a")).orElseThrow().destroyForcibly();
    awaitTrue(() -> !running(pid("edge-a")), Duration.ofSeconds(10));
    // when
    Script again = script("up").await(Duration.ofSeconds(60));
    // then
    assertThat(again.exitCode()).as(again.output()).isEqualTo(1);
    for (String survivor : List.of("redis", "edge-b", "presence-api", "sweeper")) {
      assertThat(again.output())
          .contains(survivor + " of the previous run is still running (pid " + pid(survivor));
    }
    assertThat(again.output()).doesNotContain("edge-a of the previous run");
    // when
    Script down = script("down").await(Duration.ofSeconds(60));
    // then
    assertThat(down.exitCode()).as(down.output()).isZero();
    assertThat(pids).allSatisfy(pid -> assertThat(running(pid)).as("pid %d", pid).isFalse());
  }

  @Test
  @DisplayName("down from a second shell stops every service and ends the first shell's up")
  void downFromASecondShellEndsTheFirstShellsUp() throws Exception {
    // given
    Script first = upAndReady();
    List<Long> pids = recordedPids();
    // when
    Script down = script("down").await(Duration.ofSeconds(60));
    // then
    assertThat(down.exitCode()).as(down.output()).isZero();
    assertThat(first.process.waitFor(10, TimeUnit.SECONDS)).as(first.output()).isTrue();
    assertThat(first.process.exitValue()).isZero();
    assertThat(pids).allSatisfy(pid -> assertThat(running(pid)).as("pid %d", pid).isFalse());
    for (String port : env.values().stream().filter(v -> v.matches("\\d+")).toList()) {
      assertThat(FreePorts.isFree(Integer.parseInt(port))).as("port %s", port).isTrue();
    }
  }

  @Test
  @DisplayName("up refuses a Redis port that another Redis holds instead of silently using it")
  void upRefusesARedisPortAnotherRedisHolds() throws Exception {
    // given
    int redisPort = Integer.parseInt(env.get("SWITCHBOARD_REDIS_PORT"));
    try (RedisServer someoneElses = RedisServer.start(redisPort, List.of())) {
      // when
      Script up = script("up").await(Duration.ofSeconds(60));
      // then
      assertThat(up.exitCode()).as(up.output()).isEqualTo(1);
      assertThat(up.output()).contains("port " + redisPort + " (redis) is taken");
      assertThat(up.output()).doesNotContain("Switchboard is up");
      assertThat(recordedPids()).isEmpty();
      assertThat(someoneElses.isRunning()).isTrue();
    }
  }

  private Script upAndReady() throws Exception {
    Script up = script("up");
    awaitTrue(
        () -> up.output().contains("Switchboard is up") || !up.process.isAlive(), START_TIMEOUT);
    assertThat(up.output()).as("up became ready").contains("Switchboard is up");
    return up;
  }

  /**
   * Whether the process runs. The script's services outlive the shell that started them; where no
   * init reaps orphans (a container), a dead one stays a zombie that ProcessHandle still lists.
   */
  private static boolean running(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    if (Files.isDirectory(Path.of("/proc", "self"))) {
      try {
        String text = Files.readString(stat);
        return !text.substring(text.lastIndexOf(')') + 1).trim().startsWith("Z");
      } catch (IOException gone) {
        return false;
      }
    }
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private long pid(String service) {
    return readPid(service).orElseThrow(() -> new AssertionError("no pid file for " + service));
  }

  private Optional<Long> readPid(String service) {
    try {
      return Optional.of(Long.parseLong(Files.readString(runDir.resolve(service + ".pid")).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private List<Long> recordedPids() {
    List<Long> pids = new ArrayList<>();
    for (String name :
        List.of("up", "tail", "redis", "edge-a", "edge-b", "presence-api", "sweeper")) {
      readPid(name).ifPresent(pids::add);
    }
    return pids;
  }

  private Script script(String command) throws IOException {
    Path log = Files.createTempFile(runDir.getParent(), "switchboard-" + command + "-", ".out");
    ProcessBuilder builder =
        new ProcessBuilder("bash", REPO.resolve("switchboard").toString(), command)
            .directory(REPO.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().remove("REDIS_URL");
    builder.environment().putAll(env);
    Process process = builder.start();
    started.add(process);
    return new Script(process, log);
  }

  private static void awaitTrue(BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }

  /** One run of the script: its process and its combined output. */
  private record Script(Process process, Path log) {

    Script await(Duration timeout) throws InterruptedException {
      assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
          .as("script ended within %s:%n%s", timeout, output())
          .isTrue();
      return this;
    }

    int exitCode() {
      return process.exitValue();
    }

    String output() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        return "(no output: " + e + ")";
      }
    }
  }
}
