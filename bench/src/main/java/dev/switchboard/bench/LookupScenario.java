package dev.switchboard.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Single and batched lookups through the presence-api with wrk, over devices really connected to
 * two edges, beside redis-benchmark's HGETALL on the same entries (unpipelined and 16-deep). The
 * smoke ({@code --smoke}) needs neither: it drives the API with the JDK's HTTP client and times
 * HGETALL with the fixtures' RESP client ({@link InJvmLoad}), and its figures mean nothing.
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
    try (SystemUnderTest sut =
            SystemUnderTest.start(common.repo(), SystemUnderTest.Options.edgesOnly(2).withApi());
        Fleet fleet = new Fleet(8, 0, 1)) {
      SimDevice.Counters counters = new SimDevice.Counters();
      Population.connect(fleet, sut.edgeTargets, "look-", devices, i -> i % 2, counters);
      String api = "http://127.0.0.1:" + sut.apiPort;
      String key = sut.keys.device("look-1");
      Wrk single;
      Wrk light;
      Wrk batched;
      double apiCpuSeconds;
      double hgetall;
      double hgetallPipelined;
      if (common.smoke) {
        // nothing installed: the JDK's HTTP client and the fixtures' RESP client
        single = inJvm(singleRequests(api), connections);
        light = inJvm(singleRequests(api), lightConnections);
        double cpuBefore = ProcStats.cpuSeconds(sut.api.pid());
        batched = inJvm(batchRequests(api), connections);
        apiCpuSeconds = ProcStats.cpuSeconds(sut.api.pid()) - cpuBefore;
        hgetall = InJvmLoad.redisHgetall(sut.redis.port(), key, 1000);
        hgetallPipelined = hgetall;
      } else {
        Path scripts = writeScripts();
        // warm-up: the JIT compiles the lookup path before anything is measured
        if (!batchOnly) {
          singleLookups(scripts, api, connections);
        }
        batchLookups(scripts, api);
        single = batchOnly ? Wrk.NONE : singleLookups(scripts, api, connections);
        light = batchOnly ? Wrk.NONE : singleLookups(scripts, api, lightConnections);
        double cpuBefore = ProcStats.cpuSeconds(sut.api.pid());
        batched = batchLookups(scripts, api);
        apiCpuSeconds = ProcStats.cpuSeconds(sut.api.pid()) - cpuBefore;
        hgetall = redisBenchmark(sut.redis.port(), 1, key);
        hgetallPipelined = redisBenchmark(sut.redis.port(), 16, key);
      }
      double devicesPerSecond = batched.requestsPerSecond * batch;
      // CPU time per device looked up: robust to a noisy box, unlike the rates
      double apiCpuMicrosPerDevice = apiCpuSeconds * 1e6 / ((double) batched.requests * batch);
      new Report("lookup")
          .put("devices", devices)
          .put("welcomed", counters.welcomed.get())
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
          .put("redisHgetallPerSecond", hgetall)
          .put("redisHgetallPipelined16PerSecond", hgetallPipelined)
          .put("singleToFloor", single.requestsPerSecond / hgetall)
          .put("batchToFloor", devicesPerSecond / hgetallPipelined)
          .print(
              String.format(
                  "lookup | single, %d connections: %,.0f req/s, p50 %.2f ms, p99 %.2f ms (floor"
                      + " HGETALL %,.0f/s, ×%.2f); %d connections: %,.0f req/s, p99 %.2f ms | batch of %d: %,.0f devices/s, p99 %.1f ms (floor HGETALL P16"
                      + " %,.0f/s, ×%.2f), API CPU %.2f µs/device",
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
                  apiCpuMicrosPerDevice));
    }
    return 0;
  }

  private record Wrk(
      double requestsPerSecond, double p50Ms, double p99Ms, long errors, long requests) {
    static final Wrk NONE = new Wrk(Double.NaN, Double.NaN, Double.NaN, 0, 0);
  }

  private Wrk inJvm(Supplier<HttpRequest> requests, int inFlight) throws InterruptedException {
    InJvmLoad.Result r = InJvmLoad.http(inFlight, Duration.ofSeconds(seconds), requests);
    return new Wrk(
        r.requestsPerSecond(),
        r.p50Ms(),
        r.p99Ms(),
        r.errors(),
        Math.round(r.requestsPerSecond() * seconds));
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
