package dev.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The Redis cost of an idle fleet (issue 16): edges with their default settings, first holding
 * nothing (the per-edge background: lease heartbeats, the audit's index scan), then holding N idle
 * devices (answering pings, sending nothing). Redis's counters over each window give commands and
 * Redis CPU per device-minute, the background rate subtracted and reported apart. Counters, not
 * wall-clock latencies: the figures hold on a busy machine.
 */
@Command(
    name = "idle-redis",
    mixinStandardHelpOptions = true,
    description = "Redis commands and CPU per idle device-minute, and the per-edge background")
final class IdleRedisScenario implements Callable<Integer> {

  @Mixin BenchMain.Common common;

  @Option(names = "--devices", defaultValue = "10000")
  int devices;

  @Option(names = "--servers", defaultValue = "2", description = "edge processes")
  int servers;

  @Option(names = "--per-worker", defaultValue = "10000", description = "sockets per client JVM")
  int perWorker;

  @Option(names = "--background-seconds", defaultValue = "60")
  int backgroundSeconds;

  @Option(
      names = "--settle-seconds",
      defaultValue = "15",
      description = "after the last connect, before the window (claims stay out of it)")
  int settleSeconds;

  @Option(names = "--window-seconds", defaultValue = "120")
  int windowSeconds;

  @Override
  public Integer call() throws Exception {
    if (common.smoke) {
      devices = 200;
      perWorker = 200;
      backgroundSeconds = 2;
      settleSeconds = 1;
      windowSeconds = 3;
    }
    try (SystemUnderTest sut =
        SystemUnderTest.start(
            common.repo(),
            SystemUnderTest.Options.edgesOnly(servers).withEdgeJvm(SystemUnderTest.holdJvm()))) {
      Thread.sleep(common.smoke ? 500 : 5000);
      RedisCounters background = window(sut, backgroundSeconds);
      List<Launched> workers = startWorkers(sut);
      long held = 0;
      for (Launched worker : workers) {
        held += awaitDone(worker);
      }
      Thread.sleep(TimeUnit.SECONDS.toMillis(settleSeconds));
      RedisCounters fleet = window(sut, windowSeconds);
      long stillOpen = 0;
      for (Launched worker : workers) {
        worker.process().getOutputStream().close();
        worker.process().waitFor(60, TimeUnit.SECONDS);
        stillOpen += HoldScenario.lineValue(worker.log(), "STILL-OPEN ");
      }
      report(background, fleet, held, stillOpen);
    }
    return 0;
  }

  private static RedisCounters window(SystemUnderTest sut, int seconds)
      throws InterruptedException {
    RedisCounters before = RedisCounters.read(sut);
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    return RedisCounters.read(sut).minus(before);
  }

  private void report(RedisCounters background, RedisCounters fleet, long held, long stillOpen) {
    double bgMinutes = backgroundSeconds / 60.0;
    double minutes = windowSeconds / 60.0;
    double deviceMinutes = Math.max(1, held) * minutes;
    // the fleet's own share: the window less what the edges do holding nothing
    double fleetCommands = fleet.commands() - background.commands() * minutes / bgMinutes;
    double fleetCpu = fleet.cpuSeconds() - background.cpuSeconds() * minutes / bgMinutes;
    JsonObject perDevice = new JsonObject();
    Map<String, Long> calls = new TreeMap<>(fleet.calls());
    calls.forEach(
        (command, n) -> {
          double net = n - background.calls(command) * minutes / bgMinutes;
          perDevice.put(command, Report.round(net / deviceMinutes));
        });
    JsonObject backgroundPerEdge = new JsonObject();
    background
        .calls()
        .forEach(
            (command, n) ->
                backgroundPerEdge.put(command, Report.round(n / bgMinutes / Math.max(1, servers))));
    double commandsPerDeviceMinute = fleetCommands / deviceMinutes;
    double evalshaPerDeviceMinute =
        (fleet.calls("evalsha") - background.calls("evalsha") * minutes / bgMinutes)
            / deviceMinutes;
    double cpuMicrosPerDeviceMinute = fleetCpu * 1e6 / deviceMinutes;
    new Report("idle-redis")
        .put("edges", servers)
        .put("held", held)
        .put("stillOpenAfterWindow", stillOpen)
        .put("windowSeconds", windowSeconds)
        .put("commandsPerDeviceMinute", commandsPerDeviceMinute)
        .put("scriptsPerDeviceMinute", evalshaPerDeviceMinute)
        .put("redisCpuMicrosPerDeviceMinute", cpuMicrosPerDeviceMinute)
        .put("callsPerDeviceMinute", perDevice)
        .put(
            "backgroundCommandsPerEdgeMinute",
            background.commands() / bgMinutes / Math.max(1, servers))
        .put(
            "backgroundRedisCpuMillisPerEdgeMinute",
            background.cpuSeconds() * 1e3 / bgMinutes / Math.max(1, servers))
        .put("backgroundCallsPerEdgeMinute", backgroundPerEdge)
        .print(
            String.format(
                "idle-redis | %,d idle devices on %d edges, %d s window (%,d still open) |"
                    + " %.2f commands (%.2f scripts) and %.1f µs Redis CPU per device-minute |"
                    + " background %.0f commands, %.1f ms Redis CPU per edge-minute",
                held,
                servers,
                windowSeconds,
                stillOpen,
                commandsPerDeviceMinute,
                evalshaPerDeviceMinute,
                cpuMicrosPerDeviceMinute,
                background.commands() / bgMinutes / Math.max(1, servers),
                background.cpuSeconds() * 1e3 / bgMinutes / Math.max(1, servers)));
  }

  private List<Launched> startWorkers(SystemUnderTest sut) {
    return HoldWorker.startAll(
        "idle", sut.edgeTargets, devices, perWorker, true, common.repo().runDir());
  }

  private static long awaitDone(Launched worker) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (System.nanoTime() < deadline) {
      long done = HoldScenario.lineValue(worker.log(), "DONE ");
      if (done >= 0) {
        return done;
      }
      if (!worker.process().isAlive()) {
        throw new IllegalStateException(worker.name() + " died:\n" + worker.tail());
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(worker.name() + " did not finish connecting");
  }
}
