package dev.switchboard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster of three masters (no replicas) on loopback, created with {@code redis-cli
 * --cluster create}. Tests run the presence-core suite against it so that no command touching keys
 * of two hash slots can slip in.
 */
public final class RedisCluster implements RedisDeployment {

  private static final int MASTERS = 3;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  private final List<RedisServer> nodes;

  private RedisCluster(List<RedisServer> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /** Starts three cluster-enabled servers, assigns all slots and waits for cluster_state:ok. */
  public static RedisCluster start() {
    List<RedisServer> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < MASTERS; i++) {
        nodes.add(
            RedisServer.start(
                FreePorts.withClusterBus(),
                List.of(
                    "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "5000")));
      }
      RedisCluster cluster = new RedisCluster(nodes);
      cluster.create();
      cluster.awaitReady();
      return cluster;
    } catch (RuntimeException e) {
      nodes.forEach(RedisServer::kill);
      throw e;
    }
  }

  public List<RedisServer> nodes() {
    return nodes;
  }

  @Override
  public List<RedisServer> servers() {
    return nodes;
  }

  @Override
  public boolean isCluster() {
    return true;
  }

  /** One {@code redis://} URL per master, as the Quarkus/Vert.x cluster client takes them. */
  @Override
  public List<String> urls() {
    return nodes.stream().map(RedisServer::url).collect(Collectors.toList());
  }

  /** Restarts every node; data and scripts are lost, the slot layout survives in nodes.conf. */
  @Override
  public void restart() {
    nodes.forEach(RedisServer::kill);
    nodes.forEach(RedisServer::restart);
    awaitReady();
  }

  @Override
  public void close() {
    nodes.forEach(RedisServer::kill);
  }

  private void create() {
    List<String> command = new ArrayList<>();
    command.add(RedisBinaries.cli().toString());
    command.add("--cluster");
    command.add("create");
    nodes.forEach(node -> command.add(node.host() + ":" + node.port()));
    command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(
            "redis-cli --cluster create failed:\n" + new String(output, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (nodes.stream().allMatch(RedisCluster::reportsOk)) {
        return;
      }
      RedisServer.sleep(100);
    }
    throw new IllegalStateException(
        "Redis Cluster did not reach cluster_state:ok in " + READY_TIMEOUT);
  }

  private static boolean reportsOk(RedisServer node) {
    try {
      Object info = RespClient.call(node.host(), node.port(), "CLUSTER", "INFO");
      return info != null && info.toString().contains("cluster_state:ok");
    } catch (IOException e) {
      return false;
    }
  }
}
