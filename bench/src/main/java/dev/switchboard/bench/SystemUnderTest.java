package dev.switchboard.bench;

import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.testsupport.FreePorts;
import dev.switchboard.testsupport.RedisCluster;
import dev.switchboard.testsupport.RedisDeployment;
import dev.switchboard.testsupport.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real thing, as processes: a redis-server on a free port (or a 3-master Redis Cluster), N
 * packaged ws-edge instances, and optionally the presence-api and the sweeper (loop mode,
 * lease-only verdicts).
 */
final class SystemUnderTest implements AutoCloseable {

  /**
   * The edge's collector as the chart ships it ({@code edge.jvm.gc} in {@code
   * helm/switchboard/values.yaml}; {@code ChartEdgeJvmTest} keeps the two in step).
   */
  static final String CHART_EDGE_GC = "-XX:+UseSerialGC";

  /** The edge's further JVM flags as the chart ships them ({@code edge.jvm.options}). */
  static final String CHART_EDGE_OPTIONS =
      "-XX:MaxNewSize=32m -Xss512k -XX:TrimNativeHeapInterval=5000";

  /**
   * JVM flags of the edges and of the bare Vert.x floor in {@code hold} (one definition for both):
   * the edge as the chart runs it in a pod with a 1 GiB memory limit. That is the image's
   * run-java.sh flags (80 % of the limit as the maximum heap, its heap-free ratios, which shrink
   * the heap after a full GC, exit on OOM) with the chart's collector in place of its {@code
   * -XX:+UseParallelGC}, then the chart's options; {@code -XX:MaxRAM=1g} stands for the pod's
   * limit, from which the JVM derives a 16 MB initial and an 819 MB maximum heap. The serial
   * collector costs throughput, so the scenarios that measure a store or an API rather than the
   * edge use {@link #THROUGHPUT_JVM}; {@code connect} runs edges and floor with these by default.
   */
  static final List<String> MEMORY_JVM =
      flags(
          "-XX:MaxRAM=1g -XX:MaxRAMPercentage=80.0 "
              + CHART_EDGE_GC
              + " -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:GCTimeRatio=4"
              + " -XX:AdaptiveSizePolicyWeight=90 -XX:+ExitOnOutOfMemoryError "
              + CHART_EDGE_OPTIONS);

  /**
   * The {@code hold} flags before 2026-12-01, for figures comparable with the older ones: run with
   * {@code BENCH_HOLD_JVM} set to these.
   */
  static final List<String> MEMORY_JVM_UNTIL_2026_12 =
      flags(
          "-Xms32m -Xmx1g -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20"
              + " -Xss512k");

  /**
   * The JVM flags of the edges and of the floor in {@code hold}: {@link #MEMORY_JVM}, or the flags
   * in {@code BENCH_HOLD_JVM} instead (for both alike), e.g. to compare collector settings.
   */
  static List<String> holdJvm() {
    String flags = System.getenv("BENCH_HOLD_JVM");
    return flags == null || flags.isBlank() ? MEMORY_JVM : flags(flags);
  }

  private static List<String> flags(String spaced) {
    return List.of(spaced.trim().split("\\s+"));
  }

  /** The JVM's default collector (G1) with a fixed heap, as a deployment would run it. */
  static final List<String> THROUGHPUT_JVM = List.of("-Xms512m", "-Xmx512m");

  /** The services' key names: they run with the default prefix, as the bench sets none. */
  final PresenceKeys keys = new PresenceKeys(PresenceKeys.DEFAULT_PREFIX);

  final RedisMode redisMode;
  private final RedisDeployment redis;
  final List<Launched> edges = new ArrayList<>();
  final List<Target> edgeTargets = new ArrayList<>();
  Launched api;
  int apiPort = -1;
  Launched sweeper;
  final Path logDir;

  private SystemUnderTest(RedisMode redisMode, RedisDeployment redis, Path logDir) {
    this.redisMode = redisMode;
    this.redis = redis;
    this.logDir = logDir;
  }

  /** Settings of one run. */
  record Options(
      int edges,
      boolean api,
      boolean sweeper,
      Map<String, String> edgeProperties,
      Map<String, String> sweeperProperties,
      Map<String, String> sharedProperties,
      List<String> edgeJvm) {

    static Options edgesOnly(int edges) {
      return new Options(edges, false, false, Map.of(), Map.of(), Map.of(), THROUGHPUT_JVM);
    }

    Options withEdgeJvm(List<String> jvm) {
      return new Options(
          edges, api, sweeper, edgeProperties, sweeperProperties, sharedProperties, jvm);
    }

    Options withApi() {
      return new Options(
          edges, true, sweeper, edgeProperties, sweeperProperties, sharedProperties, edgeJvm);
    }

    Options withSweeper(Map<String, String> properties) {
      return new Options(edges, api, true, edgeProperties, properties, sharedProperties, edgeJvm);
    }

    Options withEdgeProperties(Map<String, String> properties) {
      return new Options(
          edges, api, sweeper, properties, sweeperProperties, sharedProperties, edgeJvm);
    }

    /** Keys every service reads, such as the lease TTL. */
    Options withShared(Map<String, String> properties) {
      return new Options(
          edges, api, sweeper, edgeProperties, sweeperProperties, properties, edgeJvm);
    }
  }

  static SystemUnderTest start(Repo repo, Options options) throws Exception {
    return start(repo, options, RedisMode.SINGLE);
  }

  /** Starts the services against one redis-server or against a 3-master cluster. */
  static SystemUnderTest start(Repo repo, Options options, RedisMode redisMode) throws Exception {
    Path logDir = repo.runDir();
    RedisDeployment redis =
        redisMode == RedisMode.CLUSTER ? RedisCluster.start() : RedisServer.start();
    SystemUnderTest sut = new SystemUnderTest(redisMode, redis, logDir);
    try {
      for (int i = 0; i < options.edges(); i++) {
        Map<String, String> edgeProps = new LinkedHashMap<>(options.sharedProperties());
        edgeProps.putAll(options.edgeProperties());
        sut.startEdge(repo, i, edgeProps, options.edgeJvm());
      }
      if (options.api()) {
        sut.apiPort = FreePorts.any();
        Map<String, String> props = sut.common(sut.apiPort);
        props.put("switchboard.api.auth.enabled", "false");
        props.putAll(options.sharedProperties());
        sut.api =
            Launched.start(
                "presence-api",
                javaCommand(
                    withExtraFlags(THROUGHPUT_JVM, "BENCH_API_JVM"),
                    props,
                    repo.jar("presence-api")),
                logDir);
      }
      if (options.sweeper()) {
        Map<String, String> props = sut.common(FreePorts.any());
        props.put("switchboard.sweeper.mode", "loop");
        props.put("switchboard.sweeper.kubernetes.enabled", "false");
        props.putAll(options.sharedProperties());
        props.putAll(options.sweeperProperties());
        sut.sweeper =
            Launched.start(
                "sweeper", javaCommand(List.of("-Xmx256m"), props, repo.jar("sweeper")), logDir);
      }
      sut.awaitReady(Duration.ofSeconds(60));
      return sut;
    } catch (Exception | Error e) {
      sut.close();
      throw e;
    }
  }

  private void startEdge(Repo repo, int index, Map<String, String> extra, List<String> edgeJvm) {
    launchEdge(repo, index, FreePorts.any(), "bench-edge-" + index, extra, edgeJvm);
  }

  private record EdgeLaunch(Repo repo, Map<String, String> extra, List<String> jvm) {}

  private final List<EdgeLaunch> edgeLaunches = new ArrayList<>();

  /** SIGKILL of one edge: its sockets die without a close frame, its entries stay. */
  void killEdge(int index) {
    edges.get(index).kill();
  }

  /**
   * A replacement for edge {@code index} on the same port, as a Deployment replaces a killed pod
   * behind the same Service: a new pod name and instance, ready when this returns.
   */
  void restartEdge(int index) throws InterruptedException {
    EdgeLaunch launch = edgeLaunches.get(index);
    Target old = edgeTargets.get(index);
    edges.get(index).close();
    String pod = old.pod() + "-r" + System.currentTimeMillis() % 100_000;
    launchEdge(launch.repo(), index, old.port(), pod, launch.extra(), launch.jvm());
    awaitReady(Duration.ofSeconds(60));
  }

  private void launchEdge(
      Repo repo, int index, int port, String pod, Map<String, String> extra, List<String> edgeJvm) {
    Map<String, String> props = common(port);
    props.put("switchboard.auth.mode", "jwt");
    props.put("switchboard.auth.secret", Tokens.SECRET);
    props.put("switchboard.edge.pod.name", pod);
    props.put("switchboard.edge.pod.uid", "bench-uid-" + pod);
    props.put("switchboard.edge.pod.node", "bench-node");
    // The bench measures the edge, not its abuse limits: every simulated device shares a few
    // loopback addresses, and a connect storm is the point.
    props.put("switchboard.edge.limits.per-ip-connections", "1000000");
    props.put("switchboard.edge.limits.admission-rate", "1000000");
    props.put("switchboard.edge.limits.admission-burst", "1000000");
    props.put("switchboard.edge.drain.window", "1s");
    props.putAll(extra);
    // e.g. BENCH_EDGE_JVM="-XX:StartFlightRecording=filename=/tmp/jfr/" to profile a run
    List<String> jvm = withExtraFlags(edgeJvm, "BENCH_EDGE_JVM");
    Launched launched = Launched.start(pod, javaCommand(jvm, props, repo.jar("ws-edge")), logDir);
    if (index < edges.size()) {
      edges.set(index, launched);
      edgeTargets.set(index, Target.edge(port, pod));
      edgeLaunches.set(index, new EdgeLaunch(repo, extra, edgeJvm));
    } else {
      edges.add(launched);
      edgeTargets.add(Target.edge(port, pod));
      edgeLaunches.add(new EdgeLaunch(repo, extra, edgeJvm));
    }
  }

  private Map<String, String> common(int port) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("quarkus.http.port", Integer.toString(port));
    // every node is a seed: the cluster client learns the slots from any that answers
    props.put("quarkus.redis.hosts", String.join(",", redis.urls()));
    props.put("quarkus.redis.client-type", redis.clientType());
    return props;
  }

  /** The one redis-server of a single-node run; the scenarios that need it run on no cluster. */
  RedisServer redis() {
    if (redis instanceof RedisServer server) {
      return server;
    }
    throw new IllegalStateException("this scenario reads one redis-server, not a cluster");
  }

  /** Every master in shard order (shard i serves the i-th third of the slots); one if single. */
  List<RedisServer> redisMasters() {
    if (!(redis instanceof RedisCluster cluster)) {
      return List.of(redis());
    }
    List<RedisServer> masters = new ArrayList<>();
    for (int shard = 0; shard < 3; shard++) {
      masters.add(cluster.master(shard));
    }
    return masters;
  }

  /** The master that serves {@code key}: its hash slot, looked up in CLUSTER SLOTS. */
  RedisServer redisServing(String key) {
    if (redisMode == RedisMode.SINGLE) {
      return redis();
    }
    RedisServer any = redis.servers().get(0);
    long slot = Long.parseLong(any.call("CLUSTER", "KEYSLOT", key).toString());
    for (Object range : (List<?>) any.call("CLUSTER", "SLOTS")) {
      List<?> r = (List<?>) range;
      long first = Long.parseLong(r.get(0).toString());
      long last = Long.parseLong(r.get(1).toString());
      if (first <= slot && slot <= last) {
        int port = Integer.parseInt(((List<?>) r.get(2)).get(1).toString());
        return redis.servers().stream()
            .filter(node -> node.port() == port)
            .findFirst()
            .orElseThrow();
      }
    }
    throw new IllegalStateException("no master serves slot " + slot + " of " + key);
  }

  /** {@code base} plus the JVM flags in an environment variable, e.g. to profile one process. */
  static List<String> withExtraFlags(List<String> base, String variable) {
    List<String> jvm = new ArrayList<>(base);
    String flags = System.getenv(variable);
    if (flags != null && !flags.isBlank()) {
      jvm.addAll(List.of(flags.trim().split("\\s+")));
    }
    return jvm;
  }

  static List<String> javaCommand(List<String> jvm, Map<String, String> props, Path jar) {
    List<String> command = new ArrayList<>();
    command.add(Launched.java());
    command.addAll(jvm);
    props.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(jar.toString());
    return command;
  }

  int edgePort(int index) {
    return edgeTargets.get(index).port();
  }

  void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Map.Entry<Launched, Integer>> services = new ArrayList<>();
    for (int i = 0; i < edges.size(); i++) {
      services.add(Map.entry(edges.get(i), edgePort(i)));
    }
    if (api != null) {
      services.add(Map.entry(api, apiPort));
    }
    for (var service : services) {
      while (!Http.isUp("http://127.0.0.1:" + service.getValue() + "/q/health/ready")) {
        if (!service.getKey().process().isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              service.getKey().name() + " did not become ready:\n" + service.getKey().tail());
        }
        Thread.sleep(100);
      }
    }
  }

  /**
   * Every edge's connect outcomes so far (switchboard_edge_connects_total by result): accepted,
   * shed as overloaded, refused because a claim timed out (redis_unavailable), and so on.
   */
  Map<String, Long> connectOutcomes() throws IOException, InterruptedException {
    Map<String, Long> sums = new java.util.TreeMap<>();
    for (Target edge : edgeTargets) {
      String text = Http.get("http://127.0.0.1:" + edge.port() + "/q/metrics").body();
      PrometheusText.sumByLabel(text, "switchboard_edge_connects_total", "result")
          .forEach((result, count) -> sums.merge(result, count, Long::sum));
    }
    return sums;
  }

  @Override
  public void close() {
    edges.forEach(Launched::close);
    if (api != null) {
      api.close();
    }
    if (sweeper != null) {
      sweeper.close();
    }
    redis.close();
  }

  private static final long RUN_STARTED = System.currentTimeMillis();

  /** Where the packaged applications are, and where run logs go. */
  record Repo(Path root) {

    Path jar(String module) {
      Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            jar + " is missing: build first with ./mvnw -B install -DskipTests");
      }
      return jar;
    }

    /** One directory of logs per bench invocation. */
    Path runDir() {
      return root.resolve("bench/target/runs/" + RUN_STARTED);
    }
  }
}
