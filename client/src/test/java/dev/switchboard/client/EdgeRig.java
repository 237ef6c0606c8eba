package dev.switchboard.client;

import dev.switchboard.testsupport.FreePorts;
import dev.switchboard.testsupport.PackagedApp;
import dev.switchboard.testsupport.RedisServer;
import dev.switchboard.testsupport.UniquePrefix;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The packaged ws-edge (and, when asked, the presence-api) as real processes against a real Redis,
 * with short clocks: heartbeat 1 s (so the client pings every 500 ms and gives a silent server up
 * after 2 s), reconnect back-off 200 ms … 1.6 s, drain window 1 s.
 */
final class EdgeRig implements AutoCloseable {

  static final Duration READY = Duration.ofSeconds(90);
  static final long BASE_MS = 200;
  static final long MAX_MS = 1_600;

  private final RedisServer redis;
  private final String prefix = UniquePrefix.next();

  EdgeRig() {
    this.redis = RedisServer.start();
  }

  /** The edge's settings for this rig, plus {@code extra}. */
  Map<String, String> edgeProperties(Map<String, String> extra) {
    Map<String, String> props = new LinkedHashMap<>(shared());
    props.put("switchboard.auth.secret", Hs256Tokens.SECRET);
    props.put("switchboard.edge.heartbeat.interval", "1s");
    props.put("switchboard.edge.heartbeat.timeout", "3s");
    props.put("switchboard.edge.heartbeat.tick", "200ms");
    props.put("switchboard.edge.drain.window", "1s");
    props.put("switchboard.edge.reconnect.base", BASE_MS + "ms");
    props.put("switchboard.edge.reconnect.max", MAX_MS + "ms");
    props.put("switchboard.edge.takeover.max", "100000");
    props.putAll(extra);
    return props;
  }

  /** Starts an edge on {@code port} and waits until it is ready. */
  PackagedApp startEdge(String name, int port, Map<String, String> extra) throws Exception {
    PackagedApp edge = PackagedApp.start(jar("ws-edge"), name, port, edgeProperties(extra));
    try {
      edge.awaitReady(READY);
    } catch (Exception | Error e) {
      edge.close();
      throw e;
    }
    return edge;
  }

  PackagedApp startEdge(String name, Map<String, String> extra) throws Exception {
    return startEdge(name, FreePorts.any(), extra);
  }

  /** Starts the presence-api (API keys off) and waits until it is ready. */
  PackagedApp startApi() throws Exception {
    Map<String, String> props = new LinkedHashMap<>(shared());
    props.put("switchboard.api.auth.enabled", "false");
    PackagedApp api = PackagedApp.start(jar("presence-api"), "api", FreePorts.any(), props);
    try {
      api.awaitReady(READY);
    } catch (Exception | Error e) {
      api.close();
      throw e;
    }
    return api;
  }

  static URI connectUri(int port) {
    return URI.create("ws://127.0.0.1:" + port + "/v1/connect");
  }

  private Map<String, String> shared() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("quarkus.redis.hosts", redis.url());
    props.put("switchboard.key-prefix", prefix);
    props.put("switchboard.lease.heartbeat", "1s");
    return props;
  }

  private static String jar(String module) {
    String repo = System.getProperty("switchboard.repo", "..");
    return repo + "/" + module + "/target/quarkus-app/quarkus-run.jar";
  }

  @Override
  public void close() {
    redis.close();
  }
}
