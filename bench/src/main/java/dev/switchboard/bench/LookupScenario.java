package dev.switchboard.bench;

import dev.switchboard.testsupport.RedisServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Single and batched lookups through the presence-api with wrk, over devices really connected to
 * two edges, beside redis-benchmark's HGETALL on the same entries (unpipelined and 16-deep), and
 * the Redis CPU each lookup costs, shard by shard on a cluster ({@code --redis=cluster}). The smoke
 * ({@code --smoke}) needs neither: it drives the API with the JDK's HTTP client and times HGETALL
 * with the fixtures' RESP client ({@link InJvmLoad}), and its figures mean nothing.
 */
@Command(
    name = "lookup",
    mixinStandardHelpOptions = true,
    description = "presence-api lookups (wrk) beside redis-benchmark")
final class LookupScenario implements Callable<Integer> {

  @Mixin BenchMain.Common common;

  @Option(names = "--devices", defaultValue = "10000")
  int devices;

  @Option(names = "--seconds", defaultValue = "15")
  int seconds;

  @Option(names = "--connections", defaultValue = "64", description = "wrk connections")
  int connections;

  @Option(
      names = "--light-connections",
      defaultValue = "8",
      description = "wrk connections of the second, latency-oriented single-lookup run")
  int lightConnections;

  @Option(names = "--batch", defaultValue = "1000", description = "devices per batched lookup")
  int batch;

  @Option(
      names = "--batch-only",
      description = "skip the single-lookup runs (e.g. to profile or A/B the batch path alone)")
  boolean batchOnly;

  @Mixin BenchMain.RedisModes redis;

  @Override
  public Integer call() throws Exception {
    if (common.smoke) {
      devices = 100;
      seconds = 1;
      connections = 4;
      lightConnections = 2;
      batch = 50;
    }
    if (!common.smoke) {
      require("wrk", "sudo apt-get install -y wrk");
      require("redis-benchmark", "sudo apt-get install -y redis-tools");
    }
    for (RedisMode mode : redis.modes) {
      measure(mode);
    }
    return 0;
  }

  private void measure(RedisMode mode) throws Exception {
    try (SystemUnderTest sut =
            SystemUnderTest.start(
                common.repo(), SystemUnderTest.Options.edgesOnly(2).withApi(), mode);
        Fleet fleet = new Fleet(8, 0, 1)) {
      SimDevice.Counters counters = new SimDevice.Counters();
      List<SimDevice> population =
          Population.connect(fleet, sut.edgeTargets, "look-", devices, i -> i % 2, counters);
      int refusedAtStart = counters.refused.get() + counters.failed.get();
      connectAgain(population);
      String api = "http://127.0.0.1:" + sut.apiPort;
      long offline = offlineInOneBatch(api);
      List<RedisServer> masters = sut.redisMasters();
      List<String> floorKeys = floorKeys(sut, masters);
      // the held devices cost Redis too (the edges touch them): read that with no lookup first
      int heldSeconds = common.smoke ? 1 : 5;
      RedisCpu held = RedisCpu.idle(masters, heldSeconds);
      Wrk single;
      Wrk light;
      Wrk batched;
      RedisCpu singleCpu;
      RedisCpu batchCpu;
      double singleSeconds;
      double batchSeconds;
      double hgetall;
      double hgetallPipelined;
      double apiCpuSeconds;
      if (common.smoke) {
        // nothing installed: the JDK's HTTP client and the fixtures' RESP client
        RedisCpu before = RedisCpu.read(masters);
        long started = System.nanoTime();
        single = inJvm(singleRequests(api), connections);
        singleCpu = RedisCpu.read(masters).since(before);
        singleSeconds = (System.nanoTime() - started) / 1e9;
        light = inJvm(singleRequests(api), lightConnections);
        before = RedisCpu.read(masters);
        started = System.nanoTime();
        double apiCpuBefore = ProcStats.cpuSeconds(sut.api.pid());
        batched = inJvm(batchRequests(api), connections);
        apiCpuSeconds = ProcStats.cpuSeconds(sut.api.pid()) - apiCpuBefore;
        batchCpu = RedisCpu.read(masters).since(before);
        batchSeconds = (System.nanoTime() - started) / 1e9;
        hgetall = floor(masters, floorKeys, (port, key) -> InJvmLoad.redisHgetall(port, key, 1000));
        hgetallPipelined = hgetall;
      } else {
        Path scripts = writeScripts();
        // warm-up: the JIT compiles the lookup path before anything is measured
        if (!batchOnly) {
          singleLookups(scripts, api, connections);
        }
        batchLookups(scripts, api);
        RedisCpu before = RedisCpu.read(masters);
        long started = System.nanoTime();
        single = batchOnly ? Wrk.NONE : singleLookups(scripts, api, connections);
        singleCpu = RedisCpu.read(masters).since(before);
        singleSeconds = (System.nanoTime() - started) / 1e9;
        light = batchOnly ? Wrk.NONE : singleLookups(scripts, api, lightConnections);
        before = RedisCpu.read(masters);
        started = System.nanoTime();
        double apiCpuBefore = ProcStats.cpuSeconds(sut.api.pid());
        batched = batchLookups(scripts, api);
        apiCpuSeconds = ProcStats.cpuSeconds(sut.api.pid()) - apiCpuBefore;
        batchCpu = RedisCpu.read(masters).since(before);
        batchSeconds = (System.nanoTime() - started) / 1e9;
        hgetall = floor(masters, floorKeys, (port, key) -> redisBenchmark(port, 1, key));
        hgetallPipelined = floor(masters, floorKeys, (port, key) -> redisBenchmark(port, 16, key));
      }
      double devicesPerSecond = batched.requestsPerSecond * batch;
      double batchedDevices = (double) batched.requests * batch;
      // CPU time per device looked up: robust to a noisy box, unlike the rates
      double apiCpuMicrosPerDevice = apiCpuSeconds * 1e6 / Math.max(1, batchedDevices);
      RedisCpu singleNet = singleCpu.minus(held.scaled(singleSeconds / heldSeconds));
      RedisCpu batchNet = batchCpu.minus(held.scaled(batchSeconds / heldSeconds));
      Report report =
          new Report("lookup")
              .put("redis", mode.label())
              .put("devices", devices)
              .put("welcomed", counters.welcomed.get())
              .put("refusedAtStart", refusedAtStart)
              .put("offlineInOneBatch", offline)
              .put("wrkConnections", connections)
              .put("singleRequestsPerSecond", single.requestsPerSecond)
              .put("singleP50Ms", single.p50Ms)
              .put("singleP99Ms", single.p99Ms)
              .put("singleNon2xx", single.errors)
              .put("lightConnections", lightConnections)
              .put("lightRequestsPerSecond", light.requestsPerSecond)
              .put("lightP50Ms", light.p50Ms)
              .put("lightP99Ms", light.p99Ms)
              .put("batchSize", batch)
              .put("batchRequestsPerSecond", batched.requestsPerSecond)
              .put("batchP99Ms", batched.p99Ms)
              .put("batchDevicesPerSecond", devicesPerSecond)
              .put("batchNon2xx", batched.errors)
              .put("batchRequests", batched.requests)
              .put("apiCpuMicrosPerDevice", apiCpuMicrosPerDevice)
              .put("redisFloor", floorMethod(masters))
              .put("redisHgetallPerSecond", hgetall)
              .put("redisHgetallPipelined16PerSecond", hgetallPipelined)
              .put("singleToFloor", single.requestsPerSecond / hgetall)
              .put("batchToFloor", devicesPerSecond / hgetallPipelined)
              .put("redisCpuMicrosPerSingleLookup", singleCpu.totalMicrosPer(single.requests))
              .put(
                  "redisCpuMicrosPerSingleLookupByShard",
                  RedisCpu.json(singleCpu.microsPer(single.requests)))
              .put("redisCpuMicrosPerBatchedDevice", batchCpu.totalMicrosPer(batchedDevices))
              .put(
                  "redisCpuMicrosPerBatchedDeviceByShard",
                  RedisCpu.json(batchCpu.microsPer(batchedDevices)))
              .put(
                  "redisHeldCpuMillisPerSecondByShard",
                  RedisCpu.json(held.microsPer(heldSeconds * 1000)))
              .put(
                  "redisNetCpuMicrosPerSingleLookupByShard",
                  RedisCpu.json(singleNet.microsPer(single.requests)))
              .put(
                  "redisNetCpuMicrosPerBatchedDeviceByShard",
                  RedisCpu.json(batchNet.microsPer(batchedDevices)));
      String redisText =
          String.format(
              "Redis %s: %s µs per single lookup, %s µs per batched device; net of the %s ms/s"
                  + " the held devices cost: %s and %s µs",
              mode.label(),
              RedisCpu.slashed(singleCpu.microsPer(single.requests), "%.1f"),
              RedisCpu.slashed(batchCpu.microsPer(batchedDevices), "%.2f"),
              RedisCpu.slashed(held.microsPer(heldSeconds * 1000), "%.2f"),
              RedisCpu.slashed(singleNet.microsPer(single.requests), "%.1f"),
              RedisCpu.slashed(batchNet.microsPer(batchedDevices), "%.2f"));
      if (mode == RedisMode.SINGLE) {
        singleResult = report.json;
      } else if (singleResult != null) {
        report.toSingle(
            singleResult,
            "singleRequestsPerSecond",
            "batchDevicesPerSecond",
            "redisHgetallPerSecond",
            "redisHgetallPipelined16PerSecond",
            "redisCpuMicrosPerSingleLookup",
            "redisCpuMicrosPerSingleLookupByShard",
            "redisCpuMicrosPerBatchedDevice",
            "redisCpuMicrosPerBatchedDeviceByShard",
            "redisNetCpuMicrosPerSingleLookupByShard",
            "redisNetCpuMicrosPerBatchedDeviceByShard");
        JsonObject ratios = report.json.getJsonObject("toSingle");
        redisText +=
            String.format(
                " (of single: single lookups ×%.2f, batched ×%.2f; busiest shard's net CPU ×%.2f"
                    + " per lookup, ×%.2f per batched device)",
                ratios.getDouble("singleRequestsPerSecond", Double.NaN),
                ratios.getDouble("batchDevicesPerSecond", Double.NaN),
                RedisCpu.max(ratios.getJsonArray("redisNetCpuMicrosPerSingleLookupByShard")),
                RedisCpu.max(ratios.getJsonArray("redisNetCpuMicrosPerBatchedDeviceByShard")));
      }
      report.print(
          String.format(
              "lookup | single, %d connections: %,.0f req/s, p50 %.2f ms, p99 %.2f ms (floor"
                  + " HGETALL %,.0f/s, ×%.2f); %d connections: %,.0f req/s, p99 %.2f ms | batch of %d: %,.0f devices/s, p99 %.1f ms (floor HGETALL P16"
                  + " %,.0f/s, ×%.2f), API CPU %.2f µs/device | %s",
              connections,
              single.requestsPerSecond,
              single.p50Ms,
              single.p99Ms,
              hgetall,
              single.requestsPerSecond / hgetall,
              lightConnections,
              light.requestsPerSecond,
              light.p99Ms,
              batch,
              devicesPerSecond,
              batched.p99Ms,
              hgetallPipelined,
              devicesPerSecond / hgetallPipelined,
              apiCpuMicrosPerDevice,
              redisText));
    }
  }

  /**
   * Connects the devices refused or failed at start again, a second later and at most five times,
   * as a real device comes back after 1013: the lookups need every device held. Under load the
   * edges' first Redis calls (a cold cluster client most of all) can outlast the 2 s timeout, so
   * the first burst of claims is refused; {@code refusedAtStart} in the result counts them.
   */
  private static void connectAgain(List<SimDevice> population) throws InterruptedException {
    for (int round = 0; round < 5; round++) {
      List<Integer> missing = new ArrayList<>();
      for (int i = 0; i < population.size(); i++) {
        if (population.get(i).live() == null) {
          missing.add(i);
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      Thread.sleep(1000);
      CountDownLatch done = new CountDownLatch(missing.size());
      for (int i : missing) {
        population.get(i).connect(i % 2).onComplete(r -> done.countDown());
      }
      done.await(30, TimeUnit.SECONDS);
    }
  }

  /** The single-node result of this sitting, which a cluster result is divided by. */
  private JsonObject singleResult;

  /** How the Redis floor was taken, for the result. */
  private static String floorMethod(List<RedisServer> masters) {
    return masters.size() == 1
        ? "HGETALL on one entry of the one redis-server"
        : "sum over the "
            + masters.size()
            + " masters of HGETALL on one entry each, each master measured alone";
  }

  /** One rate of HGETALL against one master. */
  private interface FloorRun {
    double rate(int port, String key) throws Exception;
  }

  /**
   * The Redis floor: HGETALL on one entry of each master, measured one master at a time and summed.
   * On a cluster this is what three shards serve when each has a core of its own, which this box (2
   * cores for everything) does not give them: an upper bound, stated as such in the result.
   */
  private static double floor(List<RedisServer> masters, List<String> keys, FloorRun run)
      throws Exception {
    double sum = 0;
    for (int i = 0; i < masters.size(); i++) {
      sum += run.rate(masters.get(i).port(), keys.get(i));
    }
    return sum;
  }

  /** For each master, the key of a connected device whose entry it serves. */
  private List<String> floorKeys(SystemUnderTest sut, List<RedisServer> masters) {
    List<String> keys = new ArrayList<>();
    for (RedisServer master : masters) {
      String key = null;
      for (int i = 0; i < devices && key == null; i++) {
        String candidate = sut.keys.device("look-" + i);
        if (sut.redisServing(candidate) == master) {
          key = candidate;
        }
      }
      if (key == null) {
        throw new IllegalStateException("no device's entry is on port " + master.port());
      }
      keys.add(key);
    }
    return keys;
  }

  /** Looks the batch's devices up once: how many read offline (all are connected: 0). */
  private long offlineInOneBatch(String api) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(batchRequests(api).get(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("batch lookup answered " + response.statusCode());
    }
    JsonArray results = new JsonObject(response.body()).getJsonArray("results");
    return results.stream().filter(r -> !((JsonObject) r).getBoolean("online", false)).count();
  }

  private record Wrk(
      double requestsPerSecond, double p50Ms, double p99Ms, long errors, long requests) {
    static final Wrk NONE = new Wrk(Double.NaN, Double.NaN, Double.NaN, 0, 0);
  }

  private Wrk inJvm(Supplier<HttpRequest> requests, int inFlight) throws InterruptedException {
    InJvmLoad.Result r = InJvmLoad.http(inFlight, Duration.ofSeconds(seconds), requests);
    return new Wrk(r.requestsPerSecond(), r.p50Ms(), r.p99Ms(), r.errors(), r.requests());
  }

  private Supplier<HttpRequest> singleRequests(String api) {
    Random random = new Random(1);
    return () ->
        HttpRequest.newBuilder(URI.create(api + "/v1/presence/look-" + random.nextInt(devices)))
            .build();
  }

  private Supplier<HttpRequest> batchRequests(String api) {
    JsonArray ids = new JsonArray();
    for (int i = 1; i <= batch; i++) {
      ids.add("look-" + ((i * 7919) % devices));
    }
    String body = new JsonObject().put("devices", ids).encode();
    return () ->
        HttpRequest.newBuilder(URI.create(api + "/v1/presence/lookup"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
  }

  private Wrk singleLookups(Path scripts, String api, int connections) throws Exception {
    return wrk(
        connections,
        scripts.resolve("single.lua"),
        api + "/v1/presence/look-0",
        List.of("" + devices));
  }

  private Wrk batchLookups(Path scripts, String api) throws Exception {
    return wrk(
        connections,
        scripts.resolve("batch.lua"),
        api + "/v1/presence/lookup",
        List.of("" + devices, "" + batch));
  }

  private Wrk wrk(int connections, Path script, String url, List<String> scriptArgs)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "wrk",
                "-t2",
                "-c" + connections,
                "-d" + seconds + "s",
                "--latency",
                // wrk's default of 2 s would drop the slowest answers from the percentiles
                "--timeout",
                "30s",
                "-s",
                script.toString(),
                url,
                "--"));
    command.addAll(scriptArgs);
    String out = run(command);
    double rps = number(out, "Requests/sec:\\s+([0-9.]+)");
    double p50 = millis(out, "\\s50%\\s+([0-9.]+)(us|ms|s)");
    double p99 = millis(out, "\\s99%\\s+([0-9.]+)(us|ms|s)");
    Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
    long errors = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
    Matcher timeouts = Pattern.compile("Socket errors: .*timeout (\\d+)").matcher(out);
    errors += timeouts.find() ? Long.parseLong(timeouts.group(1)) : 0;
    long requests = (long) number(out, "(\\d+) requests in");
    return new Wrk(rps, p50, p99, errors, requests);
  }

  private double redisBenchmark(int port, int pipeline, String key) throws Exception {
    String out =
        run(
            List.of(
                "redis-benchmark",
                "-p",
                "" + port,
                "-c",
                "" + Math.max(connections, 50),
                "-n",
                common.smoke ? "1000" : "500000",
                "-P",
                "" + pipeline,
                "-q",
                // the floor: the one command a lookup cannot do without, timed by redis-benchmark
                "HGETALL",
                key));
    return number(out, "([0-9.]+) requests per second");
  }

  private static Path writeScripts() throws IOException {
    Path dir = Files.createTempDirectory("bench-wrk");
    Files.writeString(
        dir.resolve("single.lua"),
        """
        local n = 1
        function init(args) n = tonumber(args[1]) end
        function request()
          return wrk.format("GET", "/v1/presence/look-" .. math.random(0, n - 1))
        end
        """);
    Files.writeString(
        dir.resolve("batch.lua"),
        """
        function init(args)
          local n, size = tonumber(args[1]), tonumber(args[2])
          local ids = {}
          for i = 1, size do ids[i] = '"look-' .. ((i * 7919) % n) .. '"' end
          wrk.method = "POST"
          wrk.body = '{"devices":[' .. table.concat(ids, ",") .. ']}'
          wrk.headers["Content-Type"] = "application/json"
        end
        """);
    return dir;
  }

  static void require(String tool, String install) {
    try {
      new ProcessBuilder(tool, "--version").redirectErrorStream(true).start().waitFor();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(tool + " is not installed: " + install);
    }
  }

  static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(command + " failed:\n" + out);
    }
    return out;
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    double last = Double.NaN;
    while (m.find()) {
      last = Double.parseDouble(m.group(1));
    }
    return last;
  }

  private static double millis(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      return Double.NaN;
    }
    double value = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> value / 1000;
      case "s" -> value * 1000;
      default -> value;
    };
  }
}
