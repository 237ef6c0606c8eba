package dev.switchboard.bench;

import dev.switchboard.client.ClientState;
import dev.switchboard.client.SwitchboardClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * End-to-end message latency and throughput: devices held by the client library on one edge, a
 * sender POSTing to the presence-api at a fixed (open-loop) rate, the latency measured from just
 * before the POST to the device's handler (one JVM, one monotonic clock). Each rate runs once
 * at-most-once (pub/sub) and once durable (the outbox), and the Redis commands and CPU per message
 * are read from Redis's own counters around each step, less what the held devices cost Redis while
 * no message flows (measured first, for as long as one step).
 */
@Command(
    name = "messages",
    mixinStandardHelpOptions = true,
    description = "POST → device latency and throughput, at-most-once and durable")
final class MessagesScenario implements Callable<Integer> {

  @Mixin BenchMain.Common common;

  @Option(names = "--devices", defaultValue = "1000")
  int devices;

  @Option(names = "--rates", defaultValue = "1000,10000", split = ",")
  List<Integer> rates;

  @Option(names = "--seconds", defaultValue = "10", description = "per rate and delivery mode")
  int seconds;

  @Option(names = "--connections", defaultValue = "64", description = "HTTP connections to the API")
  int connections;

  @Option(
      names = "--warmup-seconds",
      defaultValue = "10",
      description = "both modes at the lowest rate first, not reported (the JIT warms up)")
  int warmupSeconds;

  private final AtomicLong inFlight = new AtomicLong();

  @Override
  public Integer call() throws Exception {
    if (common.smoke) {
      devices = 20;
      rates = List.of(100);
      seconds = 1;
      warmupSeconds = 0;
    }
    var options = SystemUnderTest.Options.edgesOnly(1).withApi();
    Vertx vertx = Vertx.vertx();
    List<SwitchboardClient> clients = new ArrayList<>();
    try (SystemUnderTest sut = SystemUnderTest.start(common.repo(), options)) {
      Map<String, Receiver> receivers = new ConcurrentHashMap<>();
      URI edge = URI.create("ws://127.0.0.1:" + sut.edgePort(0) + "/v1/connect");
      for (int i = 0; i < devices; i++) {
        String id = "msg-" + i;
        Receiver receiver = new Receiver();
        receivers.put(id, receiver);
        SwitchboardClient client =
            SwitchboardClient.builder(edge, id)
                .token(() -> Tokens.forDevice(id))
                .onMessage(m -> receiver.received(m.payload().path("t").asLong()))
                .build();
        clients.add(client);
        client.connect();
      }
      awaitConnected(clients);
      HttpClient http =
          vertx.createHttpClient(
              new HttpClientOptions()
                  .setDefaultHost("127.0.0.1")
                  .setDefaultPort(sut.apiPort)
                  .setKeepAlive(true),
              new PoolOptions().setHttp1MaxSize(connections));
      List<String> ids = new ArrayList<>(receivers.keySet());
      // what Redis does for the held devices alone (touches, leases), subtracted from each step
      RedisCost idleStart = RedisCost.read(sut);
      long idleFrom = System.nanoTime();
      Thread.sleep(TimeUnit.SECONDS.toMillis(Math.max(2, seconds)));
      RedisCost idlePerSecond =
          RedisCost.read(sut).minus(idleStart).per((System.nanoTime() - idleFrom) / 1e9);
      int lowest = Math.min(1000, rates.stream().mapToInt(Integer::intValue).min().orElse(100));
      for (String delivery : List.of("at-most-once", "at-least-once")) {
        if (warmupSeconds > 0) {
          run(sut, http, ids, receivers, lowest, delivery, idlePerSecond, warmupSeconds);
        }
      }
      for (int rate : rates) {
        for (String delivery : List.of("at-most-once", "at-least-once")) {
          Step step = run(sut, http, ids, receivers, rate, delivery, idlePerSecond, seconds);
          step.report(devices, rate, delivery, seconds);
        }
      }
    } finally {
      clients.forEach(SwitchboardClient::close);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    return 0;
  }

  private Step run(
      SystemUnderTest sut,
      HttpClient http,
      List<String> ids,
      Map<String, Receiver> receivers,
      int rate,
      String delivery,
      RedisCost idlePerSecond,
      int seconds)
      throws Exception {
    // the previous step may still be draining a backlog (a rate over what the box sustains)
    long drained = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (inFlight.get() > 0 && System.nanoTime() < drained) {
      Thread.sleep(100);
    }
    Thread.sleep(1000);
    receivers.values().forEach(Receiver::clear);
    RedisCost before = RedisCost.read(sut);
    double edgeCpu = ProcStats.cpuSeconds(sut.edges.get(0).process().pid());
    double apiCpu = ProcStats.cpuSeconds(sut.api.process().pid());
    AtomicLong accepted = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
    long total = (long) rate * seconds;
    long perMessage = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (long n = 0; n < total; n++) {
      long due = start + n * perMessage;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      String device = ids.get((int) (n % ids.size()));
      String body = "{\"t\":" + System.nanoTime() + ",\"n\":" + n + "}";
      String path =
          "/v1/devices/"
              + device
              + "/messages"
              + (delivery.equals("at-most-once") ? "?delivery=at-most-once" : "");
      inFlight.incrementAndGet();
      http.request(HttpMethod.POST, path)
          .compose(
              request ->
                  request
                      .putHeader("content-type", "application/json")
                      .send(Buffer.buffer(body))
                      .compose(
                          response ->
                              response
                                  .body()
                                  .map(b -> new Object[] {response.statusCode(), b.toString()})))
          .onSuccess(
              answer -> {
                int status = (int) answer[0];
                if (status == 202 || status == 200) {
                  accepted.incrementAndGet();
                } else {
                  refused.incrementAndGet();
                  if (refusals.size() < 5) {
                    refusals.add(status + " " + answer[1]);
                  }
                }
              })
          .onFailure(e -> failed.incrementAndGet())
          .onComplete(done -> inFlight.decrementAndGet());
    }
    double sendSeconds = (System.nanoTime() - start) / 1e9;
    // stragglers: wait until every accepted message arrived, or 10 s
    long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < settle
        && (accepted.get() + refused.get() + failed.get() < total
            || delivered(receivers) < accepted.get())) {
      Thread.sleep(50);
    }
    double wallSeconds = (System.nanoTime() - start) / 1e9;
    RedisCost after = RedisCost.read(sut);
    List<Double> latencies = new ArrayList<>();
    receivers.values().forEach(r -> latencies.addAll(r.latenciesMs));
    return new Step(
        total,
        accepted.get(),
        refused.get(),
        failed.get(),
        List.copyOf(refusals),
        delivered(receivers),
        sendSeconds,
        wallSeconds,
        Percentiles.of(latencies),
        after.minus(before).minus(idlePerSecond.times(wallSeconds)),
        ProcStats.cpuSeconds(sut.edges.get(0).process().pid()) - edgeCpu,
        ProcStats.cpuSeconds(sut.api.process().pid()) - apiCpu);
  }

  private static long delivered(Map<String, Receiver> receivers) {
    return receivers.values().stream().mapToLong(r -> r.latenciesMs.size()).sum();
  }

  private static void awaitConnected(List<SwitchboardClient> clients) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (clients.stream().anyMatch(c -> !(c.state() instanceof ClientState.Connected))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("devices did not all connect within 60 s");
      }
      Thread.sleep(50);
    }
  }

  /** One device's arrivals in the current step. */
  private static final class Receiver {
    final ConcurrentLinkedQueue<Double> latenciesMs = new ConcurrentLinkedQueue<>();

    void received(long sentNanos) {
      latenciesMs.add((System.nanoTime() - sentNanos) / 1e6);
    }

    void clear() {
      latenciesMs.clear();
    }
  }

  /** Redis's own counters: commands processed and CPU seconds (user + system). */
  record RedisCost(long commands, double cpuSeconds) {

    static RedisCost read(SystemUnderTest sut) {
      String stats = sut.redis().info("stats");
      String cpu = sut.redis().info("cpu");
      return new RedisCost(
          Long.parseLong(field(stats, "total_commands_processed")),
          Double.parseDouble(field(cpu, "used_cpu_user"))
              + Double.parseDouble(field(cpu, "used_cpu_sys")));
    }

    RedisCost minus(RedisCost earlier) {
      return new RedisCost(commands - earlier.commands, cpuSeconds - earlier.cpuSeconds);
    }

    RedisCost per(double seconds) {
      return new RedisCost(Math.round(commands / seconds), cpuSeconds / seconds);
    }

    RedisCost times(double seconds) {
      return new RedisCost(Math.round(commands * seconds), cpuSeconds * seconds);
    }

    private static String field(String info, String name) {
      for (String line : info.split("\r?\n")) {
        if (line.startsWith(name + ":")) {
          return line.substring(name.length() + 1).trim();
        }
      }
      throw new IllegalStateException("INFO has no " + name);
    }
  }

  private record Step(
      long sent,
      long accepted,
      long refused,
      long failed,
      List<String> refusals,
      long delivered,
      double sendSeconds,
      double wallSeconds,
      Percentiles latency,
      RedisCost redis,
      double edgeCpuSeconds,
      double apiCpuSeconds) {

    void report(int devices, int rate, String delivery, int seconds) {
      double perMessage = Math.max(1, delivered);
      new Report("messages")
          .put("devices", devices)
          .put("targetRate", rate)
          .put("delivery", delivery)
          .put("seconds", seconds)
          .put("sent", sent)
          .put("accepted", accepted)
          .put("refused", refused)
          .put("failed", failed)
          .put("refusalSamples", String.join(" | ", refusals))
          .put("delivered", delivered)
          .put("achievedPostRate", sent / sendSeconds)
          .put("deliveredPerSecond", delivered / wallSeconds)
          .put("latencyP50Ms", latency.p50())
          .put("latencyP99Ms", latency.p99())
          .put("latencyMaxMs", latency.max())
          .put("redisCommandsPerMessage", redis.commands() / perMessage)
          .put("redisCpuMicrosPerMessage", redis.cpuSeconds() * 1e6 / perMessage)
          .put("edgeCpuMicrosPerMessage", edgeCpuSeconds * 1e6 / perMessage)
          .put("apiCpuMicrosPerMessage", apiCpuSeconds * 1e6 / perMessage)
          .print(
              String.format(
                  "messages | %s, %,d/s offered to %,d devices for %d s | %,.0f delivered/s"
                      + " (%,d of %,d; %d refused, %d failed) | p50 %.2f ms, p99 %.2f ms, max"
                      + " %.1f ms | Redis %.1f commands, %.1f µs CPU per message | edge %.0f µs,"
                      + " API %.0f µs CPU per message",
                  delivery,
                  rate,
                  devices,
                  seconds,
                  delivered / wallSeconds,
                  delivered,
                  sent,
                  refused,
                  failed,
                  latency.p50(),
                  latency.p99(),
                  latency.max(),
                  redis.commands() / perMessage,
                  redis.cpuSeconds() * 1e6 / perMessage,
                  edgeCpuSeconds * 1e6 / perMessage,
                  apiCpuSeconds * 1e6 / perMessage));
    }
  }
}
