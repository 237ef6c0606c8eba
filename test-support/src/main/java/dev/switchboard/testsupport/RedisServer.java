package dev.switchboard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One real {@code redis-server} process on a loopback port, started with persistence off. It can be
 * stopped, killed with SIGKILL and restarted on the same port mid-test, which is how tests simulate
 * a Redis outage and a restart that loses every key and script. It can also be frozen (SIGSTOP: the
 * port still accepts connections but nothing answers, like a stalled VM) and restored from an
 * explicit snapshot, for a restart that comes back with old data.
 */
public final class RedisServer implements RedisDeployment {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final Set<RedisServer> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> RUNNING.forEach(RedisServer::kill), "redis-fixture-reaper"));
  }

  private final Path binary;
  private final int port;
  private final Path workDir;
  private final List<String> extraArgs;
  private final Optional<String> configFile;
  private Process process;
  private volatile boolean frozen;

  private RedisServer(
      Path binary, int port, Path workDir, List<String> extraArgs, Optional<String> configFile) {
    this.binary = binary;
    this.port = port;
    this.workDir = workDir;
    this.extraArgs = List.copyOf(extraArgs);
    this.configFile = configFile;
  }

  /** Starts a standalone Redis on a free port. */
  public static RedisServer start() {
    return start(FreePorts.any(), List.of());
  }

  /** Starts a Redis on the given port with extra command-line arguments (e.g. cluster mode). */
  public static RedisServer start(int port, List<String> extraArgs) {
    return start(RedisBinaries.server(), port, extraArgs);
  }

  /** Starts this {@code redis-server} binary on the given port. */
  static RedisServer start(Path binary, int port, List<String> extraArgs) {
    return launched(new RedisServer(binary, port, newWorkDir(port), extraArgs, Optional.empty()));
  }

  /**
   * Starts a Sentinel ({@code redis-server <config> --sentinel}) on the given port. Sentinel
   * rewrites its config file as it learns the topology, so the text is written afresh into the work
   * directory at every (re)start: a restarted Sentinel forgets what it knew, as the data nodes do.
   */
  static RedisServer startSentinel(int port, String config) {
    return launched(
        new RedisServer(
            RedisBinaries.server(),
            port,
            newWorkDir(port),
            List.of("--sentinel"),
            Optional.of(config)));
  }

  private static RedisServer launched(RedisServer server) {
    server.launch(false);
    return server;
  }

  private static Path newWorkDir(int port) {
    try {
      return Files.createTempDirectory("switchboard-redis-" + port + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  /** Whether the process is stopped by {@link #freeze()}. */
  public boolean isFrozen() {
    return frozen;
  }

  /** The operating-system process id of the running server. */
  public long pid() {
    if (process == null) {
      throw new IllegalStateException("redis-server on port " + port + " was never started");
    }
    return process.pid();
  }

  /** Runs a command against this server with the fixture's own client. */
  public Object call(String... args) {
    try {
      return RespClient.call(host(), port, args);
    } catch (IOException e) {
      throw new UncheckedIOException("redis " + String.join(" ", args) + " on port " + port, e);
    }
  }

  /** Which commands {@link #pauseClients} holds back, as {@code CLIENT PAUSE} names the modes. */
  public enum PauseMode {
    /** Only writes (and scripts) wait; reads are answered. */
    WRITE,
    /** Every command waits. */
    ALL
  }

  /**
   * Holds back clients' commands for the given time, then runs them (CLIENT PAUSE): a Redis that
   * answers late, not a dead one. {@link #unpauseClients()} ends the pause early.
   */
  public void pauseClients(Duration duration, PauseMode mode) {
    call("CLIENT", "PAUSE", String.valueOf(duration.toMillis()), mode.name());
  }

  /** Ends a {@link #pauseClients} pause; the commands held back run now. */
  public void unpauseClients() {
    call("CLIENT", "UNPAUSE");
  }

  /**
   * Disconnects every client that subscribes (CLIENT KILL TYPE pubsub), as a server restart or a
   * network cut would: subscribers lose what is published until they subscribe again.
   */
  public void killSubscribers() {
    call("CLIENT", "KILL", "TYPE", "pubsub");
  }

  /** Deletes every key of every database (FLUSHALL); loaded scripts stay. */
  public void flushAll() {
    call("FLUSHALL");
  }

  /** The server's clock in ms since the Unix epoch (TIME), the clock Switchboard's leases use. */
  public long timeMillis() {
    List<?> time = (List<?>) call("TIME");
    return Long.parseLong(time.get(0).toString()) * 1000
        + Long.parseLong(time.get(1).toString()) / 1000;
  }

  /** One section of INFO ({@code cpu}, {@code replication}, …) as the server prints it. */
  public String info(String section) {
    return String.valueOf(call("INFO", section));
  }

  /**
   * Suspends the process (SIGSTOP). Its port still completes TCP handshakes, but no command is
   * answered and no replication or gossip traffic leaves it until {@link #thaw()}: a stalled node,
   * not a dead one.
   */
  public void freeze() {
    signal("STOP");
    frozen = true;
  }

  /** Resumes a process suspended by {@link #freeze()} (SIGCONT); queued commands then run. */
  public void thaw() {
    signal("CONT");
    frozen = false;
  }

  /**
   * Writes the dataset to {@code dump.rdb} in the work directory (SAVE), for {@link
   * #restoreSnapshot()}. Persistence stays off otherwise.
   */
  public void snapshot() {
    call("SAVE");
  }

  /**
   * Kills the process (SIGKILL) and starts it on the same port from the last {@link #snapshot()}:
   * the keys written since then are gone, the ones before it are back.
   */
  public void restoreSnapshot() {
    if (!Files.exists(snapshotFile())) {
      throw new IllegalStateException("no snapshot taken on port " + port);
    }
    if (isRunning()) {
      kill();
    }
    launch(true);
  }

  /** Stops the process gracefully (SIGTERM), without saving. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    resumeIfFrozen();
    awaitExit();
  }

  /** Kills the process with SIGKILL, as the OOM killer or a node loss would. */
  public void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    awaitExit();
    frozen = false;
  }

  /**
   * Starts the server again on the same port. It comes back empty: a snapshot or a replica's synced
   * copy left in the work directory is deleted first (use {@link #restoreSnapshot()} to keep it).
   */
  @Override
  public void restart() {
    if (isRunning()) {
      kill();
    }
    launch(false);
  }

  @Override
  public void close() {
    kill();
  }

  private void launch(boolean fromSnapshot) {
    if (!fromSnapshot) {
      deleteSnapshot();
    }
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    configFile.ifPresent(text -> command.add(writeConfig(text).toString()));
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
    frozen = false;
    RUNNING.add(this);
    awaitPing(log);
  }

  private Path snapshotFile() {
    return workDir.resolve("dump.rdb");
  }

  private void deleteSnapshot() {
    try {
      Files.deleteIfExists(snapshotFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path writeConfig(String text) {
    Path file = workDir.resolve("redis.conf");
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private void signal(String name) {
    if (!isRunning()) {
      throw new IllegalStateException("redis-server on port " + port + " is not running");
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  // A stopped process does not act on SIGTERM until it is continued.
  private void resumeIfFrozen() {
    if (frozen && isRunning()) {
      signal("CONT");
    }
    frozen = false;
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
