package dev.switchboard.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster on loopback: three masters, optionally with one replica each. It is built
 * over the fixture's own RESP client (ADDSLOTSRANGE, MEET, REPLICATE), so no {@code redis-cli} is
 * needed. Tests run the presence-core suite against it so that no command touching keys of two hash
 * slots can slip in; the fault suite fails masters over with {@link #failoverMaster(int)}.
 *
 * <p>Shard {@code i} (0 to 2) is {@code nodes().get(i)}, its master at start, and, with replicas,
 * {@code nodes().get(3 + i)}, its replica at start. Roles move with failovers; {@link #master(int)}
 * and {@link #replica(int)} report the current ones.
 */
public final class RedisCluster implements RedisDeployment {

  private static final int MASTERS = 3;
  private static final int SLOTS = 16384;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  private final List<RedisServer> nodes;
  private final boolean withReplicas;

  private RedisCluster(List<RedisServer> nodes, boolean withReplicas) {
    this.nodes = List.copyOf(nodes);
    this.withReplicas = withReplicas;
  }

  /** Starts three cluster-enabled masters, assigns all slots and waits for cluster_state:ok. */
  public static RedisCluster start() {
    return start(false);
  }

  /**
   * Starts three masters and one replica per master, and waits until the cluster is ok and every
   * replica has synced.
   */
  public static RedisCluster startWithReplicas() {
    return start(true);
  }

  private static RedisCluster start(boolean withReplicas) {
    List<RedisServer> nodes = new ArrayList<>();
    try {
      int count = withReplicas ? 2 * MASTERS : MASTERS;
      for (int i = 0; i < count; i++) {
        nodes.add(
            RedisServer.start(
                FreePorts.withClusterBus(),
                List.of(
                    "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "5000",
                    "--repl-diskless-sync-delay", "0")));
      }
      RedisCluster cluster = new RedisCluster(nodes, withReplicas);
      cluster.create();
      cluster.awaitReady();
      return cluster;
    } catch (RuntimeException e) {
      nodes.forEach(RedisServer::kill);
      throw e;
    }
  }

  /** Every node: the masters at start first, then their replicas in the same order. */
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

  /**
   * One {@code redis://} URL per node, as the Quarkus/Vert.x cluster client takes them; it learns
   * the roles from CLUSTER SLOTS, so any node that answers is a good seed.
   */
  @Override
  public List<String> urls() {
    return nodes.stream().map(RedisServer::url).collect(Collectors.toList());
  }

  /** The node that serves shard {@code shard}'s slots now, as an answering node sees it. */
  public RedisServer master(int shard) {
    List<ClusterNodeView> view = ClusterNodeView.seenBy(anAnsweringNode());
    return shardNodes(shard).stream()
        .filter(
            node ->
                view.stream().anyMatch(seen -> seen.port() == node.port() && seen.servesSlots()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no node serves shard " + shard));
  }

  /** The other node of shard {@code shard}: its replica, or a failed-over master not yet back. */
  public RedisServer replica(int shard) {
    requireReplicas();
    RedisServer master = master(shard);
    return shardNodes(shard).stream().filter(node -> node != master).findFirst().orElseThrow();
  }

  /** A coordinated failover of shard {@code shard}: see {@link ClusterFailover#COORDINATED}. */
  public RedisServer failoverMaster(int shard) {
    return failoverMaster(shard, ClusterFailover.COORDINATED);
  }

  /**
   * Promotes the replica of shard {@code shard} (CLUSTER FAILOVER with the given option) and waits
   * until it answers ROLE master, every answering node sees it serve the shard's slots and reports
   * cluster_state:ok. A frozen or killed master stays out of the check; use {@link
   * ClusterFailover#FORCE} or {@link ClusterFailover#TAKEOVER} for it.
   *
   * @return the promoted node
   */
  public RedisServer failoverMaster(int shard, ClusterFailover mode) {
    RedisServer promoted = replica(shard);
    promoted.call(mode.command());
    Await.until(
        "node " + promoted.port() + " serves shard " + shard + " and the cluster is ok",
        READY_TIMEOUT,
        () ->
            "master".equals(RedisInfo.role(promoted))
                && answeringNodes().stream()
                    .allMatch(node -> reportsOk(node) && seesServingSlots(node, promoted)));
    return promoted;
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
    for (int i = 0; i < nodes.size(); i++) {
      // Distinct epochs up front, as redis-cli sets them, so no epoch collision must be resolved.
      nodes.get(i).call("CLUSTER", "SET-CONFIG-EPOCH", String.valueOf(i + 1));
    }
    for (int i = 0; i < MASTERS; i++) {
      nodes
          .get(i)
          .call(
              "CLUSTER",
              "ADDSLOTSRANGE",
              String.valueOf(i * SLOTS / MASTERS),
              String.valueOf((i + 1) * SLOTS / MASTERS - 1));
    }
    RedisServer first = nodes.get(0);
    nodes.stream()
        .skip(1)
        .forEach(node -> first.call("CLUSTER", "MEET", node.host(), String.valueOf(node.port())));
    Await.until(
        "every node knows all " + nodes.size(),
        READY_TIMEOUT,
        () -> nodes.stream().allMatch(node -> ClusterNodeView.seenBy(node).size() == nodes.size()));
    if (withReplicas) {
      for (int i = 0; i < MASTERS; i++) {
        String masterId = nodes.get(i).call("CLUSTER", "MYID").toString();
        nodes.get(MASTERS + i).call("CLUSTER", "REPLICATE", masterId);
      }
    }
  }

  /**
   * Waits until every node reports cluster_state:ok, every replica has synced, and every node sees
   * the same three masters and all the replicas. A replica that its master does not yet know as
   * such cannot fail over: a manual failover would time out.
   */
  private void awaitReady() {
    Await.until(
        "the Redis Cluster reports cluster_state:ok on every node, every node sees every replica"
            + " and every replica has synced",
        READY_TIMEOUT,
        () ->
            answeringNodes().stream()
                .allMatch(
                    node ->
                        reportsOk(node)
                            && seesWholeTopology(node)
                            && ("master".equals(RedisInfo.role(node)) || RedisInfo.linkUp(node))));
  }

  private boolean seesWholeTopology(RedisServer observer) {
    List<ClusterNodeView> view = ClusterNodeView.seenBy(observer);
    long masters = view.stream().filter(n -> n.isMaster() && n.servesSlots()).count();
    long replicas = view.stream().filter(n -> n.flags().contains("slave")).count();
    return view.size() == nodes.size() && masters == MASTERS && replicas == nodes.size() - MASTERS;
  }

  private List<RedisServer> shardNodes(int shard) {
    if (shard < 0 || shard >= MASTERS) {
      throw new IllegalArgumentException("shard " + shard + " is not in 0.." + (MASTERS - 1));
    }
    return withReplicas
        ? List.of(nodes.get(shard), nodes.get(MASTERS + shard))
        : List.of(nodes.get(shard));
  }

  private void requireReplicas() {
    if (!withReplicas) {
      throw new IllegalStateException("this cluster has no replicas: use startWithReplicas()");
    }
  }

  private List<RedisServer> answeringNodes() {
    return nodes.stream().filter(RedisInfo::answers).collect(Collectors.toList());
  }

  private RedisServer anAnsweringNode() {
    return nodes.stream()
        .filter(RedisInfo::answers)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no cluster node is answering"));
  }

  private static boolean seesServingSlots(RedisServer observer, RedisServer node) {
    return ClusterNodeView.seenBy(observer).stream()
        .anyMatch(seen -> seen.port() == node.port() && seen.isMaster() && seen.servesSlots());
  }

  private static boolean reportsOk(RedisServer node) {
    return node.call("CLUSTER", "INFO").toString().contains("cluster_state:ok");
  }
}
