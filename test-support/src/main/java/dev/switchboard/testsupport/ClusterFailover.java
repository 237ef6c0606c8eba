package dev.switchboard.testsupport;

import java.util.List;

/** How {@link RedisCluster#failoverMaster(int, ClusterFailover)} asks a replica to take over. */
public enum ClusterFailover {
  /**
   * CLUSTER FAILOVER: the master stops writes and the replica catches up first; nothing is lost.
   */
  COORDINATED(List.of()),
  /**
   * CLUSTER FAILOVER FORCE: no hand-shake with the master (it may be down or frozen); needs votes.
   */
  FORCE(List.of("FORCE")),
  /** CLUSTER FAILOVER TAKEOVER: no hand-shake and no vote; the replica bumps the epoch alone. */
  TAKEOVER(List.of("TAKEOVER"));

  private final List<String> options;

  ClusterFailover(List<String> options) {
    this.options = options;
  }

  String[] command() {
    String[] command = new String[2 + options.size()];
    command[0] = "CLUSTER";
    command[1] = "FAILOVER";
    for (int i = 0; i < options.size(); i++) {
      command[2 + i] = options.get(i);
    }
    return command;
  }
}
