package dev.switchboard.bench;

import dev.switchboard.testsupport.RedisServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Sustained connect rate, each connect paying for the JWT check and the claim; for a sample of
 * devices, the time from {@code welcome} until {@code GET /v1/presence/{device}} reads it online.
 * The same clients then connect to the bare Vert.x floor, the bare Quarkus WebSockets Next floor
 * and to Node ws.
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
      defaultValue = "20000",
      description =
          "devices connected and closed first, in rounds of 5,000, so the JIT has compiled the hot"
              + " path: spread over the servers, each must see more connects than C2's thresholds"
              + " (until 2026-12-01 the default was 6,000, 3,000 per edge, and compiles ran on"
              + " through the measured run)")
  int warmup;

  @Option(
      names = "--jvm",
      defaultValue = "chart",
      description =
          "JVM flags of the edges and of the Vert.x and Quarkus floors alike: chart (the edge as the chart runs"
              + " it in a 1 GiB pod, as hold does) or throughput (G1 with a 512 MB heap, what every"
              + " connect figure before 2026-12-01 used, the floor always so); BENCH_EDGE_JVM"
              + " appends to both")
  ServerJvm jvm;

  /** Which flags the servers under test run with. */
  enum ServerJvm {
    chart,
    throughput;

    List<String> flags() {
      return this == chart ? SystemUnderTest.MEMORY_JVM : SystemUnderTest.THROUGHPUT_JVM;
    }
  }

  @Option(names = "--sample-every", defaultValue = "10", description = "visibility sample rate")
  int sampleEvery;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description =
          "connects per second, paced (open loop): device i starts at i / rate seconds whether or"
              + " not earlier ones were welcomed; --concurrency still caps the connects in flight"
              + " (a server that falls behind slows the pace: compare connectsPerSecond). 0: closed"
              + " loop, as fast as --concurrency allows")
  double rate;

  @Option(
      names = "--probe-client",
      defaultValue = "vertx",
      description =
          "HTTP client of the visibility probes: vertx (own event loop, a pool of HTTP/1.1"
              + " connections) or jdk (java.net.http with its defaults, the probe used before)")
  VisibilityProbes.Client probeClient;

  @Option(
      names = "--probe-connections",
      defaultValue = "64",
      description = "keep-alive connections of the vertx probe client")
  int probeConnections;

  @Option(
      names = "--token",
      defaultValue = "HS256",
      description = "device token algorithm: HS256, RS256 or ES256 (a key pair made for the run)")
  String token;

  @Mixin ServerFarm.Kinds kinds;

  @Mixin BenchMain.RedisModes redis;

  /** The single-node Switchboard result of this sitting, which a cluster result is divided by. */
  private JsonObject single;

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
              SystemUnderTest.Options.edgesOnly(edges)
                  .withApi()
                  .withEdgeProperties(edgeAuth)
                  .withEdgeJvm(jvm.flags()),
              mode);
      case "vertx-floor" ->
          ServerFarm.vertxFloor(
              common.repo(),
              edges,
              30,
              SystemUnderTest.withExtraFlags(jvm.flags(), "BENCH_EDGE_JVM"),
              kinds.floorNativeTransport);
      case "quarkus-floor" ->
          ServerFarm.quarkusFloor(
              common.repo(),
              edges,
              30,
              SystemUnderTest.withExtraFlags(jvm.flags(), "BENCH_EDGE_JVM"),
              java.util.Map.of());
      case "node-ws" -> ServerFarm.nodeWs(common.repo(), edges, 30);
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    };
  }

  private void measure(ServerFarm farm) throws Exception {
    boolean switchboard = farm.sut != null;
    SimDevice.Counters counters = new SimDevice.Counters();
    ProbeLog probeLog = new ProbeLog();
    List<CompletableFuture<?>> probes = new ArrayList<>();
    TreeMap<Double, Long> apiBefore = new TreeMap<>();
    TreeMap<Double, Long> apiAfter = new TreeMap<>();
    List<SimDevice> fleetDevices = new ArrayList<>(devices);
    double seconds;
    double cpuBefore, cpuAfter;
    RedisCpu redisCpuBefore, redisCpuAfter, idleRedis;
    int idleSeconds;
    double loopCpuBefore, loopCpuAfter, jitCpuBefore, jitCpuAfter;
    double paceLagMaxMs = 0;
    int unsettled;
    double apiRanSeconds = 0, apiWaitedSeconds = 0, selfRanSeconds, selfWaitedSeconds;
    double pressureSeconds, spanSeconds;
    AtomicLong lastSettled = new AtomicLong();
    try (Fleet fleet = new Fleet(32, 0, 1);
        VisibilityProbes prober =
            switchboard
                ? new VisibilityProbes(probeClient, farm.sut.apiPort, probeConnections)
                : null) {
      warmUp(fleet, farm, switchboard, prober);
      // tokens are minted before the clock starts
      for (int i = 0; i < devices; i++) {
        fleetDevices.add(new SimDevice("conn-" + i, fleet, farm.targets, switchboard, counters));
      }
      Semaphore inFlight = new Semaphore(concurrency);
      List<RedisServer> masters = switchboard ? farm.sut.redisMasters() : List.of();
      idleSeconds = common.smoke ? 1 : 5;
      idleRedis = RedisCpu.idle(masters, idleSeconds);
      cpuBefore = farm.totalCpuSeconds();
      loopCpuBefore = farm.threadCpuSeconds(EVENT_LOOPS);
      jitCpuBefore = farm.threadCpuSeconds(JIT_COMPILERS);
      redisCpuBefore = redisCpu(farm);
      double[] apiSchedBefore = {0, 0};
      double[] selfSchedBefore = ProcStats.scheduleSeconds(ProcessHandle.current().pid());
      double pressureBefore = ProcStats.cpuPressureSeconds();
      if (switchboard) {
        apiBefore = presenceLookupBuckets(farm);
        apiSchedBefore = ProcStats.scheduleSeconds(farm.sut.api.pid());
      }
      long started = System.nanoTime();
      for (int i = 0; i < devices; i++) {
        SimDevice device = fleetDevices.get(i);
        boolean sampled = switchboard && i % sampleEvery == 0;
        if (rate > 0) {
          long due = started + (long) (i * 1e9 / rate);
          for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
          }
          inFlight.acquire();
          paceLagMaxMs = Math.max(paceLagMaxMs, (System.nanoTime() - due) / 1e6);
        } else {
          inFlight.acquire();
        }
        device
            .connect(i % farm.targets.size())
            .onComplete(
                r -> {
                  lastSettled.accumulateAndGet(System.nanoTime(), Math::max);
                  inFlight.release();
                  if (r.succeeded() && sampled) {
                    CompletableFuture<Void> probe =
                        prober.probe(device.id, device.welcomedAtNanos(), probeLog);
                    synchronized (probes) {
                      probes.add(probe);
                    }
                  }
                });
      }
      // a connect that neither got its welcome nor failed (an upgrade left hanging) must not hang
      // the run: it is reported as unsettled
      for (int waited = 0; waited < 1200 && inFlight.availablePermits() < concurrency; waited++) {
        Thread.sleep(100);
      }
      unsettled = concurrency - inFlight.availablePermits();
      // until the last connect that settled: the wait for unsettled ones is not connect time
      seconds = (Math.max(lastSettled.get(), started + 1) - started) / 1e9;
      cpuAfter = farm.totalCpuSeconds();
      loopCpuAfter = farm.threadCpuSeconds(EVENT_LOOPS);
      jitCpuAfter = farm.threadCpuSeconds(JIT_COMPILERS);
      redisCpuAfter = redisCpu(farm);
      synchronized (probes) {
        CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      }
      if (switchboard) {
        apiAfter = presenceLookupBuckets(farm);
        double[] apiSched = ProcStats.scheduleSeconds(farm.sut.api.pid());
        apiRanSeconds = apiSched[0] - apiSchedBefore[0];
        apiWaitedSeconds = apiSched[1] - apiSchedBefore[1];
      }
      double[] selfSched = ProcStats.scheduleSeconds(ProcessHandle.current().pid());
      selfRanSeconds = selfSched[0] - selfSchedBefore[0];
      selfWaitedSeconds = selfSched[1] - selfSchedBefore[1];
      pressureSeconds = ProcStats.cpuPressureSeconds() - pressureBefore;
      spanSeconds = (System.nanoTime() - started) / 1e9;
      if (switchboard) {
        java.nio.file.Path csv = farm.sut.logDir.resolve("connect-probes-" + started + ".csv");
        java.nio.file.Files.writeString(csv, probeLog.csv(started));
        System.out.println("probe timelines: " + csv);
      }
    }
    int welcomed = counters.welcomed.get();
    double achieved = welcomed / seconds;
    double serverCpuMicrosPerConnect = (cpuAfter - cpuBefore) * 1e6 / Math.max(1, welcomed);
    RedisCpu redisCpu = redisCpuAfter.since(redisCpuBefore);
    double redisCpuMicrosPerConnect = redisCpu.totalMicrosPer(welcomed);
    List<Double> redisCpuByShard = redisCpu.microsPer(welcomed);
    // less what Redis spends with nothing to do (its cron, a cluster's gossip) over the same time
    List<Double> redisNetByShard =
        redisCpu.minus(idleRedis.scaled(seconds / idleSeconds)).microsPer(welcomed);
    double loopCpuMicrosPerConnect = (loopCpuAfter - loopCpuBefore) * 1e6 / Math.max(1, welcomed);
    double jitCpuMicrosPerConnect = (jitCpuAfter - jitCpuBefore) * 1e6 / Math.max(1, welcomed);
    ProbeLog.Summary probeSummary = probeLog.summary();
    Percentiles latency = probeSummary.visible();
    TreeMap<Double, Long> apiLookups = PrometheusText.minus(apiAfter, apiBefore);
    Report report =
        new Report("connect")
            .put("server", farm.kind)
            .put("token", token)
            .put("processes", farm.targets.size())
            .put("devices", devices)
            .put("welcomed", welcomed)
            .put("refused", counters.refused.get())
            .put("failed", counters.failed.get())
            .put("unsettled", unsettled)
            .put("warmupUnsettled", warmUnsettled)
            .put("concurrency", concurrency)
            .put("rate", rate)
            .put("paceLagMaxMs", paceLagMaxMs)
            .put("warmup", warmup)
            .put("jvm", jvm.name())
            .put("seconds", seconds)
            .put("connectsPerSecond", achieved)
            .put("serverCpuMicrosPerConnect", serverCpuMicrosPerConnect)
            .put("redisCpuMicrosPerConnect", redisCpuMicrosPerConnect)
            .put("eventLoopCpuMicrosPerConnect", loopCpuMicrosPerConnect)
            .put("jitCpuMicrosPerConnect", jitCpuMicrosPerConnect);
    if (switchboard) {
      report
          .put("redis", farm.sut.redisMode.label())
          .put("redisCpuMicrosPerConnectByShard", RedisCpu.json(redisCpuByShard))
          .put("redisNetCpuMicrosPerConnectByShard", RedisCpu.json(redisNetByShard))
          .put(
              "redisIdleCpuMillisPerSecondByShard",
              RedisCpu.json(idleRedis.microsPer(idleSeconds * 1000)))
          .put("visibleP50Ms", latency.p50())
          .put("visibleP99Ms", latency.p99())
          .put("visibleMaxMs", latency.max())
          .put("visibleSamples", latency.count())
          .put("probeClient", probeClient.name().toLowerCase(java.util.Locale.ROOT))
          .put("visibleBeforeFirstLookupP99Ms", probeSummary.waitBeforeIssue().p99())
          .put("visibleSlowestLookupP50Ms", probeSummary.slowestLookup().p50())
          .put("visibleSlowestLookupP99Ms", probeSummary.slowestLookup().p99())
          .put("visibleRetried", probeSummary.retried())
          .put("visibleNever", probeSummary.neverVisible())
          .put(
              "visibleLookupsNotOnline",
              new JsonObject(new java.util.LinkedHashMap<>(probeSummary.lookupsNotOnline())))
          .put(
              "visibleLookupFailures",
              new JsonObject(new java.util.LinkedHashMap<>(probeSummary.lookupFailures())))
          .put("probesInFlightMax", probeSummary.maxInFlight())
          .put("apiRanSecondsPerSecond", apiRanSeconds / spanSeconds)
          .put("apiWaitedForCpuSecondsPerSecond", apiWaitedSeconds / spanSeconds)
          .put("generatorRanSecondsPerSecond", selfRanSeconds / spanSeconds)
          .put("generatorWaitedForCpuSecondsPerSecond", selfWaitedSeconds / spanSeconds)
          .put("boxCpuPressureSome", pressureSeconds / spanSeconds)
          .put("apiLookups", apiLookups.isEmpty() ? 0 : apiLookups.lastEntry().getValue())
          .put("apiLookupP50MsAtMost", 1e3 * PrometheusText.quantileUpperBound(apiLookups, 0.50))
          .put("apiLookupP99MsAtMost", 1e3 * PrometheusText.quantileUpperBound(apiLookups, 0.99));
    }
    String shards = "";
    if (switchboard && farm.sut.redisMode == RedisMode.CLUSTER) {
      shards =
          ", "
              + RedisCpu.slashed(redisCpuByShard, "%.0f")
              + " µs per shard ("
              + RedisCpu.slashed(redisNetByShard, "%.0f")
              + " net of idle)";
      if (single != null) {
        report.toSingle(
            single,
            "connectsPerSecond",
            "serverCpuMicrosPerConnect",
            "redisCpuMicrosPerConnect",
            "redisCpuMicrosPerConnectByShard",
            "redisNetCpuMicrosPerConnectByShard");
        shards += ratioText(report.json.getJsonObject("toSingle"));
      }
    } else if (switchboard) {
      single = report.json;
    }
    report.print(
        String.format(
            "connect | %s × %d%s, %s tokens | %,.0f connects/s%s (%,d of %,d welcomed, %d in"
                + " flight); server CPU %.0f µs/connect (event loops %.0f, JIT %.0f)%s | %s",
            farm.kind,
            farm.targets.size(),
            switchboard ? ", Redis " + farm.sut.redisMode.label() : "",
            token,
            achieved,
            rate > 0 ? String.format(" paced at %,.0f/s", rate) : "",
            welcomed,
            devices,
            concurrency,
            serverCpuMicrosPerConnect,
            loopCpuMicrosPerConnect,
            jitCpuMicrosPerConnect,
            switchboard
                ? String.format(" + Redis %.0f µs%s", redisCpuMicrosPerConnect, shards)
                : "",
            switchboard ? "welcome→visible " + latency : "no presence"));
    if (switchboard) {
      System.out.printf(
          "probes (%s client): %s; the API's own p50 ≤ %.1f ms, p99 ≤ %.1f ms over %,d lookups"
              + " (histogram bucket bounds)%n",
          probeClient.name().toLowerCase(java.util.Locale.ROOT),
          probeSummary,
          1e3 * PrometheusText.quantileUpperBound(apiLookups, 0.50),
          1e3 * PrometheusText.quantileUpperBound(apiLookups, 0.99),
          apiLookups.isEmpty() ? 0 : apiLookups.lastEntry().getValue());
      System.out.printf(
          "CPU over the %.0f s of connects and probes: the API's threads ran %.2f s and waited"
              + " %.2f s for a CPU per second; the load generator's ran %.2f s and waited %.2f s;"
              + " some task of the box waited for a CPU %.0f %% of the time (PSI)%n",
          spanSeconds,
          apiRanSeconds / spanSeconds,
          apiWaitedSeconds / spanSeconds,
          selfRanSeconds / spanSeconds,
          selfWaitedSeconds / spanSeconds,
          100 * pressureSeconds / spanSeconds);
    }
  }

  /** Thread names (as /proc cuts them) of the Vert.x event loops, where a connect's work runs. */
  private static final String[] EVENT_LOOPS = {"vert.x-eventloo"};

  private static final String[] JIT_COMPILERS = {"C1 CompilerThre", "C2 CompilerThre"};

  /** CPU of each Redis master so far (none without Redis). */
  private static RedisCpu redisCpu(ServerFarm farm) {
    return farm.sut == null ? new RedisCpu(List.of()) : RedisCpu.read(farm.sut.redisMasters());
  }

  /** How the cluster's figures compare with the single node's, for the Markdown row. */
  private static String ratioText(JsonObject toSingle) {
    return String.format(
        " (of single: ×%.2f connects/s, Redis ×%.2f, busiest shard ×%.2f, net of idle ×%.2f)",
        toSingle.getDouble("connectsPerSecond", Double.NaN),
        toSingle.getDouble("redisCpuMicrosPerConnect", Double.NaN),
        RedisCpu.max(toSingle.getJsonArray("redisCpuMicrosPerConnectByShard")),
        RedisCpu.max(toSingle.getJsonArray("redisNetCpuMicrosPerConnectByShard")));
  }

  /**
   * Connects and closes {@link #warmup} devices; with Switchboard it probes them as the measured
   * run does, so the API's lookup path is compiled too and the probe client's connections are open:
   * without it the measured run's first probes met a cold API, and their wait was the tail.
   */
  private void warmUp(Fleet fleet, ServerFarm farm, boolean tokens, VisibilityProbes prober)
      throws Exception {
    // in rounds, each closed (asynchronously) as the next starts: at most two rounds are open at
    // once, within the 20,000 open files a process may hold here
    for (int first = 0; first < warmup; first += WARMUP_ROUND) {
      warmUpRound(fleet, farm, tokens, prober, first, Math.min(warmup, first + WARMUP_ROUND));
    }
    Thread.sleep(common.smoke ? 200 : 3000);
  }

  private static final int WARMUP_ROUND = 5000;

  private void warmUpRound(
      Fleet fleet, ServerFarm farm, boolean tokens, VisibilityProbes prober, int from, int to)
      throws Exception {
    SimDevice.Counters counters = new SimDevice.Counters();
    Semaphore inFlight = new Semaphore(concurrency);
    List<SimDevice> warm = new ArrayList<>();
    ProbeLog warmProbes = new ProbeLog();
    List<CompletableFuture<?>> probes = new ArrayList<>();
    for (int i = from; i < to; i++) {
      SimDevice device = new SimDevice("warm-" + i, fleet, farm.targets, tokens, counters);
      warm.add(device);
      boolean sampled = prober != null && i % sampleEvery == 0;
      inFlight.acquire();
      device
          .connect(i % farm.targets.size())
          .onComplete(
              r -> {
                inFlight.release();
                if (r.succeeded() && sampled) {
                  CompletableFuture<Void> probe =
                      prober.probe(device.id, device.welcomedAtNanos(), warmProbes);
                  synchronized (probes) {
                    probes.add(probe);
                  }
                }
              });
    }
    // an upgrade left hanging (neither welcome nor close) must not hang the warm-up: it waited
    // for ever before (the simulator's lost-welcome defect, fixed in SimDevice, caused them)
    if (!inFlight.tryAcquire(concurrency, 60, TimeUnit.SECONDS)) {
      warmUnsettled += concurrency - inFlight.availablePermits();
    }
    synchronized (probes) {
      CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }
    warm.forEach(SimDevice::stop);
  }

  /** Warm-up connects that neither got their welcome nor failed within 60 s. */
  private int warmUnsettled;

  /** The API's latency histogram of {@code GET /v1/presence/{device}}, as served now. */
  private static TreeMap<Double, Long> presenceLookupBuckets(ServerFarm farm) throws Exception {
    String text = Http.get("http://127.0.0.1:" + farm.sut.apiPort + "/q/metrics").body();
    return PrometheusText.buckets(
        text, "http_server_requests_seconds", "uri", "/v1/presence/{device}");
  }
}
