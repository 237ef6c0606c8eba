package dev.switchboard.bench;

import dev.switchboard.testsupport.FreePorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A set of server processes the clients spread over: Switchboard edges, bare Vert.x floor servers,
 * bare Quarkus WebSockets Next servers, or Node.js ws servers. Memory and CPU are summed over the
 * set.
 */
final class ServerFarm implements AutoCloseable {

  final String kind;
  final List<Launched> processes;
  final List<Target> targets;
  final SystemUnderTest sut;

  private ServerFarm(
      String kind, List<Launched> processes, List<Target> targets, SystemUnderTest sut) {
    this.kind = kind;
    this.processes = processes;
    this.targets = targets;
    this.sut = sut;
  }

  static ServerFarm switchboard(SystemUnderTest.Repo repo, SystemUnderTest.Options options)
      throws Exception {
    return switchboard(repo, options, RedisMode.SINGLE);
  }

  static ServerFarm switchboard(
      SystemUnderTest.Repo repo, SystemUnderTest.Options options, RedisMode redis)
      throws Exception {
    SystemUnderTest sut = SystemUnderTest.start(repo, options, redis);
    return new ServerFarm("switchboard", sut.edges, sut.edgeTargets, sut);
  }

  static ServerFarm vertxFloor(
      SystemUnderTest.Repo repo,
      int count,
      int pingSeconds,
      List<String> jvm,
      boolean nativeTransport)
      throws Exception {
    List<Launched> processes = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    Path logs = repo.runDir();
    for (int i = 0; i < count; i++) {
      int port = FreePorts.any();
      List<String> command = new ArrayList<>();
      command.add(Launched.java());
      command.addAll(jvm);
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              BenchMain.class.getName(),
              "floor-server",
              "--port=" + port,
              "--ping-seconds=" + pingSeconds,
              "--native-transport=" + nativeTransport));
      processes.add(Launched.start("vertx-floor-" + i, command, logs));
      targets.add(new Target("127.0.0.1", port, "/", "vertx-floor-" + i));
    }
    return awaitListening(new ServerFarm("vertx-floor", processes, targets, null));
  }

  /**
   * The packaged {@code bench/quarkus-floor}: WebSockets Next on Quarkus with no Switchboard code,
   * started like an edge ({@code -jar quarkus-run.jar}) with {@code jvm} and {@code properties}.
   */
  static ServerFarm quarkusFloor(
      SystemUnderTest.Repo repo,
      int count,
      int pingSeconds,
      List<String> jvm,
      Map<String, String> properties)
      throws Exception {
    Path jar = repo.jar("bench/quarkus-floor");
    List<Launched> processes = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    Path logs = repo.runDir();
    for (int i = 0; i < count; i++) {
      int port = FreePorts.any();
      Map<String, String> props = new LinkedHashMap<>();
      props.put("quarkus.http.port", Integer.toString(port));
      props.put("floor.ping-seconds", Integer.toString(pingSeconds));
      props.putAll(properties);
      processes.add(
          Launched.start("quarkus-floor-" + i, SystemUnderTest.javaCommand(jvm, props, jar), logs));
      targets.add(new Target("127.0.0.1", port, "/", "quarkus-floor-" + i));
    }
    return awaitReady(
        new ServerFarm("quarkus-floor", processes, targets, null),
        port -> Http.isUp("http://127.0.0.1:" + port + "/q/health/ready"));
  }

  static ServerFarm nodeWs(SystemUnderTest.Repo repo, int count, int pingSeconds) throws Exception {
    Path dir = repo.root().resolve("bench/node");
    ensureNodeModules(dir);
    List<Launched> processes = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    Path logs = repo.runDir();
    for (int i = 0; i < count; i++) {
      int port = FreePorts.any();
      processes.add(
          Launched.start(
              "node-ws-" + i,
              List.of(
                  "node",
                  "--expose-gc",
                  dir.resolve("ws-server.js").toString(),
                  Integer.toString(port),
                  Integer.toString(pingSeconds)),
              logs));
      targets.add(new Target("127.0.0.1", port, "/", "node-ws-" + i));
    }
    return awaitListening(new ServerFarm("node-ws", processes, targets, null));
  }

  static final List<String> KNOWN_KINDS =
      List.of("switchboard", "vertx-floor", "quarkus-floor", "node-ws");

  /** The {@code --kinds} option of the scenarios that compare server kinds. */
  static final class Kinds {
    @picocli.CommandLine.Option(
        names = "--kinds",
        split = ",",
        defaultValue = "switchboard,vertx-floor,node-ws",
        description =
            "which servers to measure, in turn: switchboard (the edges), vertx-floor (a bare Vert.x"
                + " server in the bench's JVM), quarkus-floor (bench/quarkus-floor: bare Quarkus"
                + " WebSockets Next, packaged), node-ws (Node ws)")
    List<String> kinds;

    @picocli.CommandLine.Option(
        names = "--floor-native-transport",
        arity = "1",
        defaultValue = "true",
        description =
            "the vertx-floor on Netty's epoll transport, as the edge prefers it (false: NIO)")
    boolean floorNativeTransport;
  }

  /** Starts a farm of one kind. */
  interface Starter {
    ServerFarm start(String kind) throws Exception;
  }

  /** Measures a running farm. */
  interface Measurement {
    void run(ServerFarm farm) throws Exception;
  }

  /** Starts, measures and stops each kind in turn; skips the Node peer where there is no node. */
  static void eachKind(List<String> kinds, Starter starter, Measurement measurement)
      throws Exception {
    for (String kind : kinds) {
      if (!KNOWN_KINDS.contains(kind)) {
        throw new IllegalArgumentException(
            "unknown --kinds value '" + kind + "'; choose from " + String.join(", ", KNOWN_KINDS));
      }
    }
    for (String kind : kinds) {
      if (kind.equals("node-ws") && !nodeAvailable()) {
        System.err.println("node not found: skipping the Node ws peer");
        continue;
      }
      try (ServerFarm farm = starter.start(kind)) {
        measurement.run(farm);
      }
    }
  }

  static boolean nodeAvailable() {
    try {
      return new ProcessBuilder("node", "--version").start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static void ensureNodeModules(Path dir) throws IOException, InterruptedException {
    if (Files.isDirectory(dir.resolve("node_modules/ws"))) {
      return;
    }
    System.err.println("installing the ws package from the npm registry into " + dir);
    Process npm =
        new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--silent")
            .directory(dir.toFile())
            .inheritIO()
            .start();
    if (npm.waitFor() != 0) {
      throw new IllegalStateException("npm install in " + dir + " failed");
    }
  }

  private static ServerFarm awaitListening(ServerFarm farm) throws InterruptedException {
    return awaitReady(farm, ServerFarm::listening);
  }

  private static ServerFarm awaitReady(ServerFarm farm, java.util.function.IntPredicate ready)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (int i = 0; i < farm.targets.size(); i++) {
      Target target = farm.targets.get(i);
      while (!ready.test(target.port())) {
        if (!farm.processes.get(i).process().isAlive() || System.nanoTime() > deadline) {
          farm.close();
          throw new IllegalStateException(
              target.pod() + " did not start:\n" + farm.processes.get(i).tail());
        }
        Thread.sleep(50);
      }
    }
    return farm;
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  boolean sendsTokens() {
    return sut != null;
  }

  /** A full collection in every process, so that RSS reflects live data. */
  void fullGc() throws InterruptedException {
    for (Launched p : processes) {
      if (kind.equals("node-ws")) {
        try {
          new ProcessBuilder("kill", "-USR2", Long.toString(p.pid())).start().waitFor();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      } else {
        p.fullGc();
      }
    }
    Thread.sleep(500);
  }

  long totalRssBytes() {
    return processes.stream().mapToLong(p -> ProcStats.rssBytes(p.pid())).sum();
  }

  double totalCpuSeconds() {
    return processes.stream().mapToDouble(p -> ProcStats.cpuSeconds(p.pid())).sum();
  }

  /** CPU seconds of the servers' threads whose names start with one of {@code prefixes}. */
  double threadCpuSeconds(String... prefixes) {
    return processes.stream().mapToDouble(p -> ProcStats.threadCpuSeconds(p.pid(), prefixes)).sum();
  }

  /** The edge's idle cut in {@link #holdEdgeProperties}, for the quarkus-floor in hold. */
  static Map<String, String> holdQuarkusFloorProperties(int pingSeconds) {
    return Map.of("quarkus.http.idle-timeout", (3 * pingSeconds) + "s");
  }

  static Map<String, String> holdEdgeProperties(int pingSeconds) {
    return Map.of(
        "switchboard.edge.heartbeat.interval", pingSeconds + "s",
        "switchboard.edge.heartbeat.timeout", (2 * pingSeconds) + "s",
        "quarkus.http.idle-timeout", (3 * pingSeconds) + "s");
  }

  @Override
  public void close() {
    if (sut != null) {
      sut.close();
    } else {
      processes.forEach(Launched::close);
    }
  }
}
