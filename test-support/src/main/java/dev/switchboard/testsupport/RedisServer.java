package dev.switchboard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One real {@code redis-server} process on a loopback port, started with persistence off. It can be
 * stopped, killed with SIGKILL and restarted on the same port mid-test, which is how tests simulate
 * a Redis outage and a restart that loses every key and script.
 */
public final class RedisServer implements RedisDeployment {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final Set<RedisServer> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> RUNNING.forEach(RedisServer::kill), "redis-fixture-reaper"));
  }

  private final int port;
  private final Path workDir;
  private final List<String> extraArgs;
  private Process process;

  private RedisServer(int port, Path workDir, List<String> extraArgs) {
    this.port = port;
    this.workDir = workDir;
    this.extraArgs = List.copyOf(extraArgs);
  }

  /** Starts a standalone Redis on a free port. */
  public static RedisServer start() {
    return start(FreePorts.any(), List.of());
  }

  /** Starts a Redis on the given port with extra command-line arguments (e.g. cluster mode). */
  public static RedisServer start(int port, List<String> extraArgs) {
    Path workDir;
    try {
      workDir = Files.createTempDirectory("switchboard-redis-" + port + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RedisServer server = new RedisServer(port, workDir, extraArgs);
    server.launch();
    return server;
  }

  public int port() {
    return port;
  }

  public String host() {
    return "127.0.0.1";
  }

  /** A {@code redis://} URL for clients. */
  public String url() {
    return "redis://" + host() + ":" + port;
  }

  @Override
  public List<String> urls() {
    return List.of(url());
  }

  @Override
  public boolean isCluster() {
    return false;
  }

  @Override
  public List<RedisServer> servers() {
    return List.of(this);
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Runs a command against this server with the fixture's own client. */
  public Object call(String... args) {
    try {
      return RespClient.call(host(), port, args);
    } catch (IOException e) {
      throw new UncheckedIOException("redis " + String.join(" ", args) + " on port " + port, e);
    }
  }

  /** Stops the process gracefully (SIGTERM), without saving. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    awaitExit();
  }

  /** Kills the process with SIGKILL, as the OOM killer or a node loss would. */
  public void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    awaitExit();
  }

  /** Starts the server again on the same port; with persistence off it comes back empty. */
  @Override
  public void restart() {
    if (isRunning()) {
      kill();
    }
    launch();
  }

  @Override
  public void close() {
    kill();
  }

  private void launch() {
    List<String> command = new ArrayList<>();
    command.add(RedisBinaries.server().toString());
    command.addAll(
        List.of(
            "--port", String.valueOf(port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", workDir.toString(),
            "--protected-mode", "no",
            "--maxclients", "10000"));
    command.addAll(extraArgs);
    Path log = workDir.resolve("redis.log");
    try {
      process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    }
    RUNNING.add(this);
    awaitPing(log);
  }

  private void awaitPing(Path log) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "redis-server on port " + port + " exited at start-up:\n" + tail(log));
      }
      try {
        if ("PONG".equals(RespClient.call(host(), port, "PING"))) {
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      sleep(20);
    }
    kill();
    throw new IllegalStateException(
        "redis-server on port "
            + port
            + " did not answer PING within "
            + START_TIMEOUT
            + ": "
            + last
            + "\n"
            + tail(log));
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    RUNNING.remove(this);
    awaitPortFree();
  }

  private void awaitPortFree() {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!FreePorts.isFree(port) && System.nanoTime() < deadline) {
      sleep(20);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
