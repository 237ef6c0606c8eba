package dev.switchboard.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * SIGKILL an edge holding N devices: the time until every one reads stale (its owner's lease
 * expired), and until the sweeper has removed every entry — while the devices on the surviving edge
 * stay online throughout.
 */
@Command(
    name = "crash",
    mixinStandardHelpOptions = true,
    description = "SIGKILL an edge: time to stale, time to swept")
final class CrashScenario implements Callable<Integer> {

  @Mixin BenchMain.Common common;

  @Option(names = "--devices", defaultValue = "10000")
  int devices;

  @Option(names = "--survivors", defaultValue = "1000", description = "devices on the other edge")
  int survivors;

  @Option(names = "--lease-ttl", defaultValue = "15s")
  String leaseTtl;

  @Option(names = "--sweeper-interval", defaultValue = "5s")
  String sweeperInterval;

  @Option(names = "--sweeper-grace", defaultValue = "15s")
  String sweeperGrace;

  @Override
  public Integer call() throws Exception {
    if (common.smoke) {
      devices = 50;
      survivors = 10;
      // a TTL short enough to be quick, long enough that a stalled CI machine does not let a
      // surviving edge's lease lapse
      leaseTtl = "5s";
      sweeperInterval = "1s";
      sweeperGrace = "2s";
    }
    String heartbeat = (Durations.millis("--lease-ttl", leaseTtl) / 3) + "ms";
    Map<String, String> lease =
        Map.of("switchboard.lease.ttl", leaseTtl, "switchboard.lease.heartbeat", heartbeat);
    Map<String, String> sweeper =
        Map.of(
            "switchboard.sweeper.interval", sweeperInterval,
            "switchboard.sweeper.grace", sweeperGrace);
    var options =
        SystemUnderTest.Options.edgesOnly(2).withApi().withShared(lease).withSweeper(sweeper);
    try (SystemUnderTest sut = SystemUnderTest.start(common.repo(), options);
        Fleet fleet = new Fleet(8, 0, 1)) {
      SimDevice.Counters counters = new SimDevice.Counters();
      List<String> doomed =
          Population.ids(
              Population.connect(fleet, sut.edgeTargets, "crash-", devices, i -> 0, counters));
      List<String> alive =
          Population.ids(
              Population.connect(fleet, sut.edgeTargets, "alive-", survivors, i -> 1, counters));
      int welcomed = counters.welcomed.get();
      long killedAt = System.nanoTime();
      sut.edges.get(0).kill();
      double staleSeconds = -1, sweptSeconds = -1;
      int survivorsOffline = 0;
      long deadline = killedAt + TimeUnit.SECONDS.toNanos(180);
      while (sweptSeconds < 0 && System.nanoTime() < deadline) {
        JsonArray results = Http.lookup(sut.apiPort, doomed);
        double now = (System.nanoTime() - killedAt) / 1e9;
        int online = 0, withEntry = 0;
        for (Object o : results) {
          JsonObject view = (JsonObject) o;
          online += view.getBoolean("online") ? 1 : 0;
          withEntry += view.getBoolean("online") || view.getBoolean("stale", false) ? 1 : 0;
        }
        if (staleSeconds < 0 && online == 0) {
          staleSeconds = now;
        }
        if (withEntry == 0) {
          sweptSeconds = now;
        }
        for (Object o : Http.lookup(sut.apiPort, alive)) {
          survivorsOffline += ((JsonObject) o).getBoolean("online") ? 0 : 1;
        }
        Thread.sleep(100);
      }
      new Report("crash")
          .put("devicesOnKilledEdge", devices)
          .put("survivors", survivors)
          .put("welcomed", welcomed)
          .put("leaseTtl", leaseTtl)
          .put("sweeperInterval", sweeperInterval)
          .put("sweeperGrace", sweeperGrace)
          .put("allStaleSeconds", staleSeconds)
          .put("allSweptSeconds", sweptSeconds)
          .put("survivorOfflineReadings", survivorsOffline)
          .print(
              String.format(
                  "crash | SIGKILL an edge holding %,d devices (lease TTL %s, sweeper every %s,"
                      + " grace %s) | all stale after %.1f s, all swept after %.1f s |"
                      + " %d offline readings of %,d survivors",
                  devices,
                  leaseTtl,
                  sweeperInterval,
                  sweeperGrace,
                  staleSeconds,
                  sweptSeconds,
                  survivorsOffline,
                  survivors));
    }
    return 0;
  }
}
