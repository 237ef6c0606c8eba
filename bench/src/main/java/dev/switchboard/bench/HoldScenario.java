package dev.switchboard.bench;

import dev.switchboard.testsupport.RedisServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Concurrent idle connections held across several server processes; memory per connection ((RSS
 * after a full GC with N) - (RSS with 0)) / N; idle CPU at the given ping interval. Runs the edges,
 * then the bare Vert.x floor, then Node ws, at the same N (the bare Quarkus floor on request).
 */
@Command(
    name = "hold",
    mixinStandardHelpOptions = true,
    description = "idle connections held: memory per connection, idle CPU")
final class HoldScenario implements Callable<Integer> {

  @Mixin BenchMain.Common common;

  @Option(names = "--connections", defaultValue = "100000")
  int connections;

  @Option(names = "--servers", defaultValue = "6", description = "server processes per kind")
  int servers;

  @Option(
      names = "--per-worker",
      defaultValue = "15000",
      description = "sockets per client process")
  int perWorker;

  @Option(names = "--ping-seconds", defaultValue = "30")
  int pingSeconds;

  @Option(names = "--cpu-window-seconds", defaultValue = "60")
  int cpuWindow;

  @Mixin ServerFarm.Kinds kinds;

  @Mixin BenchMain.RedisModes redis;

  /** The single-node Switchboard result of this sitting, which a cluster result is divided by. */
  private JsonObject single;

  @Override
  public Integer call() throws Exception {
    if (common.smoke) {
      connections = 300;
      servers = 2;
      perWorker = 200;
      cpuWindow = 2;
    }
    for (RedisMode mode : redis.modes) {
      ServerFarm.eachKind(redis.kinds(mode, kinds.kinds), k -> start(k, mode), this::measure);
    }
    return 0;
  }

  private ServerFarm start(String kind, RedisMode mode) throws Exception {
    return switch (kind) {
      case "switchboard" ->
          ServerFarm.switchboard(
              common.repo(),
              SystemUnderTest.Options.edgesOnly(servers)
                  .withEdgeJvm(SystemUnderTest.holdJvm())
                  .withEdgeProperties(ServerFarm.holdEdgeProperties(pingSeconds)),
              mode);
      case "vertx-floor" ->
          ServerFarm.vertxFloor(
              common.repo(),
              servers,
              pingSeconds,
              SystemUnderTest.holdJvm(),
              kinds.floorNativeTransport);
      case "quarkus-floor" ->
          ServerFarm.quarkusFloor(
              common.repo(),
              servers,
              pingSeconds,
              SystemUnderTest.holdJvm(),
              ServerFarm.holdQuarkusFloorProperties(pingSeconds));
      case "node-ws" -> ServerFarm.nodeWs(common.repo(), servers, pingSeconds);
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    };
  }

  private void measure(ServerFarm farm) throws Exception {
    Thread.sleep(2000);
    farm.fullGc();
    long rssEmpty = farm.totalRssBytes();
    memorySnapshots(farm, "empty");
    List<RedisServer> masters = farm.sut == null ? List.of() : farm.sut.redisMasters();
    RedisCpu idleRedis = RedisCpu.idle(masters, idleSeconds());
    long started = System.nanoTime();
    List<Launched> workers = startWorkers(farm);
    int welcomed = 0;
    for (Launched worker : workers) {
      welcomed += awaitDone(worker);
    }
    double connectSeconds = (System.nanoTime() - started) / 1e9;
    Thread.sleep(common.smoke ? 500 : 5000);
    farm.fullGc();
    long rssHeld = farm.totalRssBytes();
    memorySnapshots(farm, "held");
    double cpuBefore = farm.totalCpuSeconds();
    RedisCpu redisBefore = RedisCpu.read(masters);
    long windowStart = System.nanoTime();
    Thread.sleep(TimeUnit.SECONDS.toMillis(cpuWindow));
    double windowSeconds = (System.nanoTime() - windowStart) / 1e9;
    double cores = (farm.totalCpuSeconds() - cpuBefore) / windowSeconds;
    RedisCpu redisCpu = RedisCpu.read(masters).since(redisBefore);
    // what Redis spends with no device at all (its cron, a cluster's gossip), over the same time
    RedisCpu redisNet = redisCpu.minus(idleRedis.scaled(windowSeconds / idleSeconds()));
    long stillOpen = 0;
    for (Launched worker : workers) {
      worker.process().getOutputStream().close();
      worker.process().waitFor(60, TimeUnit.SECONDS);
      stillOpen += lineValue(worker.log(), "STILL-OPEN ");
    }
    double bytesPerConnection = welcomed == 0 ? 0 : (double) (rssHeld - rssEmpty) / welcomed;
    double coresPer100k = welcomed == 0 ? 0 : cores * 100_000.0 / welcomed;
    // per 1,000 held device-minutes: one device-minute costs Redis well under a microsecond
    double thousandDeviceMinutes = welcomed * (windowSeconds / 60) / 1000;
    Report report = new Report("hold");
    report
        .put("server", farm.kind)
        .put("processes", farm.processes.size())
        .put("requested", connections)
        .put("held", welcomed)
        .put("stillOpenAfterWindow", stillOpen)
        .put("connectSeconds", connectSeconds)
        .put("rssEmptyMiB", rssEmpty / 1048576.0)
        .put("rssHeldMiB", rssHeld / 1048576.0)
        .put("bytesPerConnection", bytesPerConnection)
        .put("idleCores", cores)
        .put("idleCoresPer100k", coresPer100k)
        .put("pingSeconds", pingSeconds);
    String redisText = "";
    if (farm.sut != null) {
      RedisMode mode = farm.sut.redisMode;
      report
          .put("redis", mode.label())
          .put(
              "redisCpuMicrosPerThousandDeviceMinutes",
              redisCpu.totalMicrosPer(thousandDeviceMinutes))
          .put(
              "redisCpuMicrosPerThousandDeviceMinutesByShard",
              RedisCpu.json(redisCpu.microsPer(thousandDeviceMinutes)))
          .put(
              "redisIdleCpuMillisPerSecondByShard",
              RedisCpu.json(idleRedis.microsPer(idleSeconds() * 1000)))
          .put(
              "redisNetCpuMicrosPerThousandDeviceMinutesByShard",
              RedisCpu.json(redisNet.microsPer(thousandDeviceMinutes)));
      redisText =
          String.format(
              " | Redis %s: %s µs per 1,000 device-minutes (%s net of the %s ms/s it spends with"
                  + " no device)",
              mode.label(),
              RedisCpu.slashed(redisCpu.microsPer(thousandDeviceMinutes), "%.0f"),
              RedisCpu.slashed(redisNet.microsPer(thousandDeviceMinutes), "%.0f"),
              RedisCpu.slashed(idleRedis.microsPer(idleSeconds() * 1000), "%.2f"));
      if (mode == RedisMode.SINGLE) {
        single = report.json;
      } else if (single != null) {
        report.toSingle(
            single,
            "bytesPerConnection",
            "idleCoresPer100k",
            "redisCpuMicrosPerThousandDeviceMinutes",
            "redisCpuMicrosPerThousandDeviceMinutesByShard",
            "redisNetCpuMicrosPerThousandDeviceMinutesByShard");
        JsonObject ratios = report.json.getJsonObject("toSingle");
        redisText +=
            String.format(
                " (of single: Redis ×%.2f, busiest shard ×%.2f)",
                ratios.getDouble("redisCpuMicrosPerThousandDeviceMinutes", Double.NaN),
                RedisCpu.max(ratios.getJsonArray("redisCpuMicrosPerThousandDeviceMinutesByShard")));
      }
    }
    report.print(
        String.format(
            "hold | %s × %d%s | %,d held (%,d still open after %d s) | %.1f KB/conn | %.3f cores"
                + " per 100k at %d s ping%s",
            farm.kind,
            farm.processes.size(),
            farm.sut == null ? "" : ", Redis " + farm.sut.redisMode.label(),
            welcomed,
            stillOpen,
            cpuWindow,
            bytesPerConnection / 1024.0,
            coresPer100k,
            pingSeconds,
            redisText));
  }

  /**
   * With {@code BENCH_HOLD_DIAG=<dir>}, each server's memory readings (see {@link
   * Launched#memorySnapshot}) at the two RSS readings, to account for what the sockets cost.
   */
  private static void memorySnapshots(ServerFarm farm, String label) {
    String dir = System.getenv("BENCH_HOLD_DIAG");
    if (dir == null || dir.isBlank() || farm.kind.equals("node-ws")) {
      return;
    }
    for (Launched p : farm.processes) {
      p.memorySnapshot(Path.of(dir), label);
    }
  }

  /** Seconds of the no-device Redis CPU reading: at most 10 s, and 1 s in the smoke. */
  private int idleSeconds() {
    return common.smoke ? 1 : Math.min(10, cpuWindow);
  }

  private List<Launched> startWorkers(ServerFarm farm) {
    return HoldWorker.startAll(
        farm.kind,
        farm.targets,
        connections,
        perWorker,
        farm.sendsTokens(),
        common.repo().runDir());
  }

  private static int awaitDone(Launched worker) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (System.nanoTime() < deadline) {
      long done = lineValue(worker.log(), "DONE ");
      if (done >= 0) {
        return (int) done;
      }
      if (!worker.process().isAlive()) {
        throw new IllegalStateException(worker.name() + " died:\n" + worker.tail());
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(worker.name() + " did not finish connecting");
  }

  /** The first number after {@code prefix} on a line of the log, or -1. */
  static long lineValue(Path log, String prefix) throws java.io.IOException {
    if (!Files.exists(log)) {
      return -1;
    }
    for (String line : Files.readAllLines(log)) {
      if (line.startsWith(prefix)) {
        return Long.parseLong(line.substring(prefix.length()).split(" ")[0]);
      }
    }
    return -1;
  }
}
