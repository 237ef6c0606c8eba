package dev.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Sustained connect rate, each connect paying for the JWT check and the claim; for a sample of
 * devices, the time from {@code welcome} until {@code GET /v1/presence/{device}} reads it online.
 * The same clients then connect to the bare Vert.x floor and to Node ws.
 */
@Command(
    name = "connect",
    mixinStandardHelpOptions = true,
    description = "connect rate and welcome-to-visible latency")
final class ConnectScenario implements Callable<Integer> {

  @Mixin BenchMain.Common common;

  @Option(names = "--devices", defaultValue = "15000")
  int devices;

  @Option(names = "--edges", defaultValue = "2")
  int edges;

  @Option(names = "--concurrency", defaultValue = "256", description = "connects in flight")
  int concurrency;

  @Option(
      names = "--warmup",
      defaultValue = "6000",
      description = "devices connected and closed first, so the JIT has compiled the hot path")
  int warmup;

  @Option(names = "--sample-every", defaultValue = "10", description = "visibility sample rate")
  int sampleEvery;

  @Option(
      names = "--token",
      defaultValue = "HS256",
      description = "device token algorithm: HS256, RS256 or ES256 (a key pair made for the run)")
  String token;

  @Mixin ServerFarm.Kinds kinds;

  /** The edge settings that make the edges accept tokens of {@link #token}. */
  private java.util.Map<String, String> edgeAuth = java.util.Map.of();

  @Override
  public Integer call() throws Exception {
    if (common.smoke) {
      devices = 200;
      concurrency = 32;
      warmup = 50;
    }
    edgeAuth = Tokens.use(token);
    ServerFarm.eachKind(kinds.kinds, this::start, this::measure);
    return 0;
  }

  private ServerFarm start(String kind) throws Exception {
    return switch (kind) {
      case "switchboard" ->
          ServerFarm.switchboard(
              common.repo(),
              SystemUnderTest.Options.edgesOnly(edges).withApi().withEdgeProperties(edgeAuth));
      case "vertx-floor" ->
          ServerFarm.vertxFloor(
              common.repo(), edges, 30, SystemUnderTest.THROUGHPUT_JVM, kinds.floorNativeTransport);
      case "node-ws" -> ServerFarm.nodeWs(common.repo(), edges, 30);
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    };
  }

  private void measure(ServerFarm farm) throws Exception {
    boolean switchboard = farm.sut != null;
    SimDevice.Counters counters = new SimDevice.Counters();
    HttpClient http = HttpClient.newHttpClient();
    ConcurrentLinkedQueue<Double> visible = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<?>> probes = new ArrayList<>();
    List<SimDevice> fleetDevices = new ArrayList<>(devices);
    double seconds;
    double cpuBefore, cpuAfter, redisCpuBefore, redisCpuAfter;
    try (Fleet fleet = new Fleet(32, 0, 1)) {
      warmUp(fleet, farm, switchboard);
      // tokens are minted before the clock starts
      for (int i = 0; i < devices; i++) {
        fleetDevices.add(new SimDevice("conn-" + i, fleet, farm.targets, switchboard, counters));
      }
      Semaphore inFlight = new Semaphore(concurrency);
      cpuBefore = farm.totalCpuSeconds();
      redisCpuBefore = redisCpu(farm);
      long started = System.nanoTime();
      for (int i = 0; i < devices; i++) {
        SimDevice device = fleetDevices.get(i);
        boolean sampled = switchboard && i % sampleEvery == 0;
        inFlight.acquire();
        device
            .connect(i % farm.targets.size())
            .onComplete(
                r -> {
                  inFlight.release();
                  if (r.succeeded() && sampled) {
                    synchronized (probes) {
                      probes.add(
                          awaitVisible(http, farm.sut.apiPort, device.id, System.nanoTime())
                              .thenAccept(visible::add));
                    }
                  }
                });
      }
      inFlight.acquire(concurrency);
      seconds = (System.nanoTime() - started) / 1e9;
      cpuAfter = farm.totalCpuSeconds();
      redisCpuAfter = redisCpu(farm);
      synchronized (probes) {
        CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      }
    }
    int welcomed = counters.welcomed.get();
    double rate = welcomed / seconds;
    double serverCpuMicrosPerConnect = (cpuAfter - cpuBefore) * 1e6 / Math.max(1, welcomed);
    double redisCpuMicrosPerConnect =
        (redisCpuAfter - redisCpuBefore) * 1e6 / Math.max(1, welcomed);
    Percentiles latency = Percentiles.of(visible);
    Report report =
        new Report("connect")
            .put("server", farm.kind)
            .put("token", token)
            .put("processes", farm.targets.size())
            .put("devices", devices)
            .put("welcomed", welcomed)
            .put("refused", counters.refused.get())
            .put("failed", counters.failed.get())
            .put("concurrency", concurrency)
            .put("warmup", warmup)
            .put("seconds", seconds)
            .put("connectsPerSecond", rate)
            .put("serverCpuMicrosPerConnect", serverCpuMicrosPerConnect)
            .put("redisCpuMicrosPerConnect", redisCpuMicrosPerConnect);
    if (switchboard) {
      report
          .put("visibleP50Ms", latency.p50())
          .put("visibleP99Ms", latency.p99())
          .put("visibleMaxMs", latency.max())
          .put("visibleSamples", latency.count());
    }
    report.print(
        String.format(
            "connect | %s × %d, %s tokens | %,.0f connects/s (%,d of %,d welcomed, %d in flight); server CPU"
                + " %.0f µs/connect%s | %s",
            farm.kind,
            farm.targets.size(),
            token,
            rate,
            welcomed,
            devices,
            concurrency,
            serverCpuMicrosPerConnect,
            switchboard ? String.format(" + Redis %.0f µs", redisCpuMicrosPerConnect) : "",
            switchboard ? "welcome→visible " + latency : "no presence"));
  }

  /** used_cpu_user + used_cpu_sys of the Redis server, in seconds (0 without Redis). */
  private static double redisCpu(ServerFarm farm) {
    if (farm.sut == null) {
      return 0;
    }
    String info = farm.sut.redis.info("cpu");
    double total = 0;
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
        total += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return total;
  }

  private void warmUp(Fleet fleet, ServerFarm farm, boolean tokens) throws Exception {
    SimDevice.Counters counters = new SimDevice.Counters();
    Semaphore inFlight = new Semaphore(concurrency);
    List<SimDevice> warm = new ArrayList<>();
    for (int i = 0; i < warmup; i++) {
      SimDevice device = new SimDevice("warm-" + i, fleet, farm.targets, tokens, counters);
      warm.add(device);
      inFlight.acquire();
      device.connect(i % farm.targets.size()).onComplete(r -> inFlight.release());
    }
    inFlight.acquire(concurrency);
    warm.forEach(SimDevice::stop);
    Thread.sleep(common.smoke ? 200 : 3000);
  }

  /** Polls the API until the device reads online; completes with milliseconds since welcome. */
  private static CompletableFuture<Double> awaitVisible(
      HttpClient http, int apiPort, String device, long welcomedAt) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/v1/presence/" + device))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenCompose(
            response -> {
              if (response.statusCode() == 200
                  && new JsonObject(response.body()).getBoolean("online", false)) {
                return CompletableFuture.completedFuture((System.nanoTime() - welcomedAt) / 1e6);
              }
              if (System.nanoTime() - welcomedAt > TimeUnit.SECONDS.toNanos(10)) {
                return CompletableFuture.completedFuture(Double.POSITIVE_INFINITY);
              }
              return awaitVisible(http, apiPort, device, welcomedAt);
            });
  }
}
