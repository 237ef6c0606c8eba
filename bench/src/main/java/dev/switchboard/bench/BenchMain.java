package dev.switchboard.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar bench/target/switchboard-bench.jar <scenario> [options]}. */
@Command(
    name = "switchboard-bench",
    mixinStandardHelpOptions = true,
    description =
        "Starts Redis, edges, the presence-api and the sweeper as real processes and measures"
            + " them beside their floors. Each scenario prints a JSON result and a Markdown row.",
    subcommands = {
      HoldScenario.class,
      IdleRedisScenario.class,
      ConnectScenario.class,
      LookupScenario.class,
      ChurnScenario.class,
      DetectScenario.class,
      CrashScenario.class,
      MessagesScenario.class,
      ChurnMessagesScenario.class,
      FailedUpgradesScenario.class,
      HoldWorker.class,
      FloorServer.class
    })
public final class BenchMain {

  /** Options every scenario shares. */
  static final class Common {
    @Option(
        names = "--repo",
        description = "repository root holding the packaged applications (default: .)",
        defaultValue = ".")
    Path repo;

    @Option(
        names = "--smoke",
        description =
            "a seconds-long run at tiny scale: checks the scenario works, measures nothing")
    boolean smoke;

    SystemUnderTest.Repo repo() {
      return new SystemUnderTest.Repo(repo.toAbsolutePath().normalize());
    }
  }

  /**
   * {@code --redis}, for the scenarios measured on a Redis Cluster too (connect, lookup, hold).
   * With both values the single node runs first, and the cluster's result carries its ratio to it.
   */
  static final class RedisModes {
    @Option(
        names = "--redis",
        split = ",",
        defaultValue = "single",
        description =
            "the services' Redis: single (one redis-server), cluster (3 masters, no replicas), or"
                + " single,cluster (both in turn; the cluster result then carries toSingle ratios)")
    List<RedisMode> modes;

    /** The server kinds to run against {@code mode}: the floors, which use no Redis, run once. */
    List<String> kinds(RedisMode mode, List<String> kinds) {
      return mode == modes.get(0) ? kinds : kinds.stream().filter("switchboard"::equals).toList();
    }
  }

  private static final Logger VERTX_HTTP = Logger.getLogger("io.vertx.core.http.impl");
  private static final Logger CLIENT = Logger.getLogger("dev.switchboard.client");

  public static void main(String[] args) {
    // The simulator resets sockets on purpose; the client's per-connection eviction warnings
    // would drown the results.
    VERTX_HTTP.setLevel(Level.SEVERE);
    // thousands of simulated devices: a line per connect and reconnect would drown them too
    CLIENT.setLevel(Level.WARNING);
    System.exit(run(args));
  }

  static int run(String... args) {
    return new CommandLine(new BenchMain())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(
            (failure, command, parsed) -> {
              // a bad option value found while running: one line and the usage, not a trace
              if (failure instanceof IllegalArgumentException) {
                command.getErr().println(failure.getMessage());
                command.usage(command.getErr());
                return 2;
              }
              throw failure;
            })
        .execute(args);
  }
}
