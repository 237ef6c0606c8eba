package dev.switchboard.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Sentinel-managed Redis on loopback: one primary, one replica ({@code --replicaof}) and
 * three Sentinels (quorum 2, down-after 1 s, failover-timeout 3 s). Clients connect through the
 * Sentinels ({@link #urls()}, {@link #clientType()} {@code sentinel}, {@link #masterName()}) and
 * follow the primary when it moves.
 *
 * <p>Faults: {@link #failover()} forces a failover; {@link #cutReplication()} partitions the
 * primary from its replica while clients and Sentinels still reach both, so that {@link
 * #failoverLosingWrites()} promotes a replica that has not caught up, the way an asynchronous
 * failover loses acknowledged writes in the field.
 */
public final class RedisSentinelGroup implements RedisDeployment {

  private static final String MASTER_NAME = "switchboard";
  private static final int SENTINELS = 3;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final List<RedisServer> dataNodes;
  private final List<RedisServer> sentinels;
  private Optional<RedisServer> cutOn = Optional.empty();

  private RedisSentinelGroup(List<RedisServer> dataNodes, List<RedisServer> sentinels) {
    this.dataNodes = dataNodes;
    this.sentinels = sentinels;
  }

  /** Starts the primary, its replica and three Sentinels, and waits until they all know it. */
  public static RedisSentinelGroup start() {
    List<RedisServer> dataNodes = new ArrayList<>();
    List<RedisServer> sentinels = new ArrayList<>();
    try {
      RedisServer primary = RedisServer.start(FreePorts.any(), dataNodeArgs());
      dataNodes.add(primary);
      List<String> replicaArgs = new ArrayList<>(dataNodeArgs());
      replicaArgs.addAll(List.of("--replicaof", primary.host(), String.valueOf(primary.port())));
      dataNodes.add(RedisServer.start(FreePorts.any(), replicaArgs));
      RedisSentinelGroup group = new RedisSentinelGroup(dataNodes, sentinels);
      group.awaitReplicasInSync(primary);
      for (int i = 0; i < SENTINELS; i++) {
        sentinels.add(RedisServer.startSentinel(FreePorts.any(), sentinelConfig(primary)));
      }
      group.awaitSentinelsReady();
      return group;
    } catch (RuntimeException e) {
      Stream.concat(sentinels.stream(), dataNodes.stream()).forEach(RedisServer::kill);
      throw e;
    }
  }

  // No delay before a full sync: a demoted primary or a restarted replica syncs at once.
  private static List<String> dataNodeArgs() {
    return List.of("--repl-diskless-sync-delay", "0");
  }

  private static String sentinelConfig(RedisServer primary) {
    return String.join(
        "\n",
        "sentinel monitor " + MASTER_NAME + " " + primary.host() + " " + primary.port() + " 2",
        "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
        "sentinel failover-timeout " + MASTER_NAME + " 3000",
        "");
  }

  /** The name the Sentinels monitor the primary under ({@code quarkus.redis.master-name}). */
  public String masterName() {
    return MASTER_NAME;
  }

  /** One {@code redis://} URL per Sentinel, for {@code quarkus.redis.hosts}. */
  @Override
  public List<String> urls() {
    return sentinels.stream().map(RedisServer::url).collect(Collectors.toList());
  }

  @Override
  public boolean isCluster() {
    return false;
  }

  @Override
  public String clientType() {
    return "sentinel";
  }

  /** The primary and the replica, in start order (Sentinels are in {@link #sentinels()}). */
  @Override
  public List<RedisServer> servers() {
    return List.copyOf(dataNodes);
  }

  public List<RedisServer> sentinels() {
    return List.copyOf(sentinels);
  }

  /** The current primary, as a Sentinel reports it (SENTINEL GET-MASTER-ADDR-BY-NAME). */
  public RedisServer primary() {
    RedisServer sentinel =
        sentinels.stream()
            .filter(RedisInfo::answers)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no Sentinel is answering"));
    return nodeOn(reportedPrimaryPort(sentinel));
  }

  /** Every data node that is not the current primary. */
  public List<RedisServer> replicas() {
    RedisServer primary = primary();
    return dataNodes.stream().filter(node -> node != primary).collect(Collectors.toList());
  }

  /**
   * Waits until every answering replica has applied everything the primary has written so far. A
   * WAIT sent through {@link RedisServer#call} would not do: it runs on a fresh connection, which
   * has written nothing to wait for.
   */
  public void awaitReplicasCaughtUp() {
    RedisServer primary = primary();
    long written = offset(primary, "master_repl_offset");
    replicas().stream()
        .filter(RedisInfo::answers)
        .forEach(
            replica ->
                Await.until(
                    "replica " + replica.port() + " reaches offset " + written,
                    TIMEOUT,
                    () ->
                        RedisInfo.linkUp(replica)
                            && offset(replica, "slave_repl_offset") >= written));
  }

  private static long offset(RedisServer server, String field) {
    return Long.parseLong(
        RedisInfo.field(server, "replication", field)
            .orElseThrow(() -> new IllegalStateException(field + " missing on " + server.port())));
  }

  /**
   * Forces a failover (SENTINEL FAILOVER) and waits until every answering Sentinel reports the new
   * primary and it answers ROLE master. The old primary, if it answers, is then pointed at the new
   * one and waited for until its sync is done; Sentinel would do the same on its own only some ten
   * seconds later. A {@link #cutReplication() cut} is healed on the old primary once it is a
   * replica.
   *
   * @return the new primary
   */
  public RedisServer failover() {
    RedisServer old = primary();
    firstAnsweringSentinel().call("SENTINEL", "FAILOVER", MASTER_NAME);
    RedisServer promoted = awaitNewPrimary(old);
    if (RedisInfo.answers(old)) {
      old.call("REPLICAOF", promoted.host(), String.valueOf(promoted.port()));
      restoreReplication();
      Await.until("old primary " + old.port() + " syncs", TIMEOUT, () -> RedisInfo.linkUp(old));
    }
    return promoted;
  }

  /**
   * Cuts replication, then fails over: the replica is promoted without the writes the old primary
   * acknowledged since the cut, and the old primary rejoins as a replica and drops them too.
   *
   * @return the new primary
   */
  public RedisServer failoverLosingWrites() {
    if (cutOn.isEmpty()) {
      cutReplication();
    }
    return failover();
  }

  /**
   * Partitions the primary from its replicas only: it keeps answering clients and Sentinels, and
   * the replicas stay eligible for promotion (Sentinel accepts a replica whose link has been down
   * for up to ten times down-after, here 10 s), but no write from now on reaches them.
   *
   * <p>Done by denying SYNC and PSYNC to the primary's default user (ACL) and killing the replica
   * links: each replica keeps reconnecting and is refused. A frozen replica would not do, since
   * Sentinel cannot promote it; a proxy between the two would not either, since Sentinel sees the
   * replica following another address and reconfigures it.
   */
  public void cutReplication() {
    RedisServer primary = primary();
    primary.call("ACL", "SETUSER", "default", "-sync", "-psync");
    cutOn = Optional.of(primary);
    primary.call("CLIENT", "KILL", "TYPE", "replica");
    Await.until(
        "primary " + primary.port() + " has no replica connected",
        TIMEOUT,
        () -> RedisInfo.field(primary, "replication", "connected_slaves").equals(Optional.of("0")));
  }

  /** Undoes {@link #cutReplication()}: the replicas resync and receive what they missed. */
  public void restoreReplication() {
    cutOn
        .filter(RedisInfo::answers)
        .ifPresent(node -> node.call("ACL", "SETUSER", "default", "+sync", "+psync"));
    cutOn = Optional.empty();
    awaitReplicasInSync(primary());
  }

  /**
   * Waits until every answering Sentinel reports a primary other than {@code previous} and that
   * node answers ROLE master: after a forced failover, or the automatic one that follows when the
   * primary is killed or frozen for longer than down-after.
   *
   * @return the new primary
   */
  public RedisServer awaitNewPrimary(RedisServer previous) {
    Await.until(
        "Sentinels report a primary other than port " + previous.port(),
        TIMEOUT,
        () -> {
          List<Integer> reported =
              sentinels.stream()
                  .filter(RedisInfo::answers)
                  .map(RedisSentinelGroup::reportedPrimaryPort)
                  .distinct()
                  .collect(Collectors.toList());
          return reported.size() == 1
              && reported.get(0) != previous.port()
              && "master".equals(RedisInfo.role(nodeOn(reported.get(0))));
        });
    return primary();
  }

  /**
   * Kills every process and starts the original topology again, empty, with fresh Sentinels.
   * Whatever failovers happened, the first node is the primary again.
   */
  @Override
  public void restart() {
    close();
    cutOn = Optional.empty();
    dataNodes.forEach(RedisServer::restart);
    awaitReplicasInSync(dataNodes.get(0));
    sentinels.forEach(RedisServer::restart);
    awaitSentinelsReady();
  }

  @Override
  public void close() {
    Stream.concat(sentinels.stream(), dataNodes.stream()).forEach(RedisServer::kill);
  }

  private RedisServer firstAnsweringSentinel() {
    return sentinels.stream()
        .filter(RedisInfo::answers)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no Sentinel is answering"));
  }

  private static int reportedPrimaryPort(RedisServer sentinel) {
    List<?> address = (List<?>) sentinel.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
    return Integer.parseInt(address.get(1).toString());
  }

  private RedisServer nodeOn(int port) {
    return dataNodes.stream()
        .filter(node -> node.port() == port)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("Sentinel reports unknown port " + port));
  }

  private void awaitReplicasInSync(RedisServer primary) {
    dataNodes.stream()
        .filter(node -> node != primary && RedisInfo.answers(node))
        .forEach(
            replica ->
                Await.until(
                    "replica " + replica.port() + " syncs",
                    TIMEOUT,
                    () -> RedisInfo.linkUp(replica)));
  }

  private void awaitSentinelsReady() {
    for (RedisServer sentinel : sentinels) {
      Await.until(
          "Sentinel " + sentinel.port() + " knows the replica and the other Sentinels",
          TIMEOUT,
          () -> {
            Map<String, String> master = sentinelMaster(sentinel);
            return "1".equals(master.get("num-slaves"))
                && String.valueOf(SENTINELS - 1).equals(master.get("num-other-sentinels"));
          });
    }
  }

  private static Map<String, String> sentinelMaster(RedisServer sentinel) {
    List<?> flat = (List<?>) sentinel.call("SENTINEL", "MASTER", MASTER_NAME);
    Map<String, String> fields = new java.util.HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      fields.put(flat.get(i).toString(), flat.get(i + 1).toString());
    }
    return fields;
  }
}
