package dev.switchboard.faults.harness;

import dev.switchboard.testsupport.FreePorts;
import dev.switchboard.testsupport.PackagedApp;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The packaged edges, presence-api and (optionally) the sweeper in loop mode, as real processes
 * against one {@link RedisTopology}, with {@link FastTimings}. Edges are named {@code edge-a},
 * {@code edge-b}, ... and that name is their pod name.
 */
public final class Services implements AutoCloseable {

  private static final Duration READY = Duration.ofSeconds(90);

  private final List<Edge> edges = new ArrayList<>();
  private PackagedApp api;
  private Optional<PackagedApp> sweeper = Optional.empty();

  /** One edge process: its pod name, port and process. */
  public record Edge(String pod, int port, PackagedApp app) {

    /** The WebSocket endpoint in {@code auth.mode=none}; the device id goes in the query. */
    public String connectUri(String device) {
      return "ws://127.0.0.1:" + port + "/v1/connect?device=" + device;
    }

    public long pid() {
      return app.process.pid();
    }
  }

  /**
   * What to start, beyond the fast defaults.
   *
   * @param edgeAt extra keys for one edge only, by index (e.g. its Redis behind a proxy)
   */
  public record Options(
      int edges,
      boolean sweeper,
      Map<String, String> shared,
      Map<String, String> edge,
      Map<Integer, Map<String, String>> edgeAt) {

    public static Options edges(int count) {
      return new Options(count, false, Map.of(), Map.of(), Map.of());
    }

    public Options withSweeper() {
      return new Options(edges, true, shared, edge, edgeAt);
    }

    /** Extra keys for every service (e.g. {@code switchboard.events.max-length}). */
    public Options withShared(Map<String, String> props) {
      return new Options(edges, sweeper, props, edge, edgeAt);
    }

    public Options withEdge(Map<String, String> props) {
      return new Options(edges, sweeper, shared, props, edgeAt);
    }

    public Options withEdgeAt(int index, Map<String, String> props) {
      Map<Integer, Map<String, String>> all = new java.util.HashMap<>(edgeAt);
      all.put(index, props);
      return new Options(edges, sweeper, shared, edge, Map.copyOf(all));
    }
  }

  private Services() {}

  /** Starts everything at once and waits until each is ready. */
  public static Services start(RedisTopology redis, Options options) throws Exception {
    Services services = new Services();
    try {
      for (int i = 0; i < options.edges(); i++) {
        String pod = "edge-" + (char) ('a' + i);
        Map<String, String> props = base(redis, options);
        props.putAll(FastTimings.edge());
        props.put("switchboard.auth.mode", "none");
        props.put("switchboard.edge.pod.name", pod);
        props.put("switchboard.edge.pod.uid", pod + "-uid");
        props.put("switchboard.edge.pod.node", "faults-node");
        props.putAll(options.edge());
        props.putAll(options.edgeAt().getOrDefault(i, Map.of()));
        // e.g. -Dfaults.edge-log-level=DEBUG to see each claim, touch and reclaim of a failure
        String level = System.getProperty("faults.edge-log-level");
        if (level != null) {
          props.put("quarkus.log.category.\"dev.switchboard\".level", level);
        }
        int port = FreePorts.any();
        services.edges.add(
            new Edge(pod, port, PackagedApp.start(jar("ws-edge"), pod, port, props)));
      }
      Map<String, String> apiProps = base(redis, options);
      apiProps.put("switchboard.api.auth.enabled", "false");
      services.api = PackagedApp.start(jar("presence-api"), "api", FreePorts.any(), apiProps);
      if (options.sweeper()) {
        Map<String, String> props = base(redis, options);
        props.putAll(FastTimings.sweeper());
        services.sweeper =
            Optional.of(PackagedApp.start(jar("sweeper"), "sweeper", FreePorts.any(), props));
      }
      for (Edge edge : services.edges) {
        edge.app().awaitReady(READY);
      }
      services.api.awaitReady(READY);
      return services;
    } catch (Exception | Error e) {
      services.close();
      throw e;
    }
  }

  private static Map<String, String> base(RedisTopology redis, Options options) {
    Map<String, String> props = new LinkedHashMap<>(redis.clientProperties());
    props.putAll(FastTimings.shared());
    props.putAll(options.shared());
    return props;
  }

  private static String jar(String module) {
    Path repo = Path.of(System.getProperty("faults.repo", "..")).toAbsolutePath().normalize();
    return repo.resolve(module).resolve("target/quarkus-app/quarkus-run.jar").toString();
  }

  public List<Edge> edges() {
    return List.copyOf(edges);
  }

  public Edge edge(int index) {
    return edges.get(index);
  }

  public Api api() {
    return new Api(api.port);
  }

  public Optional<PackagedApp> sweeper() {
    return sweeper;
  }

  /** SIGSTOP: the edge's process stops, its sockets stay open at the kernel. */
  public void stall(Edge edge) {
    signal(edge, "STOP");
  }

  /** SIGCONT after {@link #stall(Edge)}. */
  public void resume(Edge edge) {
    signal(edge, "CONT");
  }

  /** SIGTERM, as Kubernetes sends it; does not wait. */
  public void terminate(Edge edge) {
    edge.app().process.destroy();
  }

  private static void signal(Edge edge, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(edge.pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + edge.pid() + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The last lines of every process's log, for a failure message. */
  public String logTails() {
    StringBuilder text = new StringBuilder();
    for (Edge edge : edges) {
      text.append(tail(edge.pod(), edge.app()));
    }
    if (api != null) {
      text.append(tail("api", api));
    }
    sweeper.ifPresent(s -> text.append(tail("sweeper", s)));
    return text.toString();
  }

  private static String tail(String name, PackagedApp app) {
    String[] lines = app.output().split("\n");
    StringBuilder text = new StringBuilder("--- " + name + " (" + app.log + ")\n");
    for (int i = Math.max(0, lines.length - 15); i < lines.length; i++) {
      text.append(lines[i]).append('\n');
    }
    return text.toString();
  }

  @Override
  public void close() {
    for (Edge edge : edges) {
      if (edge.app().process.isAlive()) {
        // a stalled edge must be able to exit
        signal(edge, "CONT");
      }
      edge.app().close();
    }
    if (api != null) {
      api.close();
    }
    sweeper.ifPresent(PackagedApp::close);
  }
}
