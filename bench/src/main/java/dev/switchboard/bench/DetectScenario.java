package dev.switchboard.bench;

import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Devices that go silent (the simulator stops reading: server pings go unanswered, nothing is sent,
 * the TCP connection stays up) and the time until the API reads them offline, while the devices
 * around them keep answering and must stay online.
 */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = "time to notice a silent device")
final class DetectScenario implements Callable<Integer> {

  @Mixin BenchMain.Common common;

  @Option(names = "--devices", defaultValue = "1000")
  int devices;

  @Option(names = "--silent", defaultValue = "100")
  int silent;

  @Option(names = "--heartbeat-interval", defaultValue = "10s")
  String interval;

  @Option(names = "--heartbeat-timeout", defaultValue = "20s")
  String timeout;

  @Override
  public Integer call() throws Exception {
    if (common.smoke) {
      devices = 20;
      silent = 5;
      interval = "1s";
      timeout = "2s";
    }
    long timeoutMs = Durations.millis("--heartbeat-timeout", timeout);
    long spreadMs = Durations.millis("--heartbeat-interval", interval);
    Map<String, String> heartbeat = new java.util.HashMap<>();
    heartbeat.put("switchboard.edge.heartbeat.interval", interval);
    heartbeat.put("switchboard.edge.heartbeat.timeout", timeout);
    if (common.smoke) {
      heartbeat.put("switchboard.edge.heartbeat.tick", "100ms");
    }
    var options = SystemUnderTest.Options.edgesOnly(1).withApi().withEdgeProperties(heartbeat);
    try (SystemUnderTest sut = SystemUnderTest.start(common.repo(), options);
        Fleet fleet = new Fleet(4, 0, 1)) {
      SimDevice.Counters counters = new SimDevice.Counters();
      List<SimDevice> population =
          Population.connect(fleet, sut.edgeTargets, "detect-", devices, i -> 0, counters);
      // Silence devices at spread-out moments, so they sit at every phase of the ping cycle.
      long[] silencedAt = new long[silent];
      List<String> silentIds = new ArrayList<>();
      for (int i = 0; i < silent; i++) {
        SimDevice device = population.get(i);
        WebSocket ws = device.live();
        Fleet.silence(ws);
        silencedAt[i] = System.nanoTime();
        silentIds.add(device.id);
        Thread.sleep(spreadMs / silent);
      }
      List<String> others = Population.ids(population.subList(silent, population.size()));
      double[] detectedMs = new double[silent];
      int pending = silent;
      int falseOffline = 0;
      long deadline = System.nanoTime() + (timeoutMs + 30_000) * 1_000_000;
      while (pending > 0 && System.nanoTime() < deadline) {
        JsonArray results = Http.lookup(sut.apiPort, silentIds);
        long now = System.nanoTime();
        for (int i = 0; i < silent; i++) {
          if (detectedMs[i] == 0 && !results.getJsonObject(i).getBoolean("online")) {
            detectedMs[i] = (now - silencedAt[i]) / 1e6;
            pending--;
          }
        }
        Thread.sleep(50);
      }
      for (Object o : Http.lookup(sut.apiPort, others)) {
        if (!((io.vertx.core.json.JsonObject) o).getBoolean("online")) {
          falseOffline++;
        }
      }
      List<Double> samples = new ArrayList<>();
      for (double d : detectedMs) {
        samples.add(d == 0 ? Double.POSITIVE_INFINITY : d);
      }
      Percentiles p = Percentiles.of(samples);
      new Report("detect")
          .put("devices", devices)
          .put("silent", silent)
          .put("heartbeatInterval", interval)
          .put("heartbeatTimeout", timeout)
          .put("undetected", pending)
          .put("detectP50Ms", p.p50())
          .put("detectMaxMs", p.max())
          .put("targetMs", timeoutMs + 1000)
          .put("answeringDevicesReadOffline", falseOffline)
          .print(
              String.format(
                  "detect | %d of %d devices silent, heartbeat %s/%s | silent → offline: p50 %.1f s,"
                      + " max %.1f s (target ≤ %.1f s; %d undetected) | %d answering devices read"
                      + " offline",
                  silent,
                  devices,
                  interval,
                  timeout,
                  p.p50() / 1000,
                  p.max() / 1000,
                  (timeoutMs + 1000) / 1000.0,
                  pending,
                  falseOffline));
    }
    return 0;
  }
}
