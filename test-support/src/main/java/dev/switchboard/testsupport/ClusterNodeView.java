package dev.switchboard.testsupport;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One line of {@code CLUSTER NODES}, as one node sees another: which port, which role, and whether
 * it serves hash slots.
 */
record ClusterNodeView(String id, int port, Set<String> flags, boolean servesSlots) {

  /** Every node that {@code observer} knows, itself included. */
  static List<ClusterNodeView> seenBy(RedisServer observer) {
    return observer
        .call("CLUSTER", "NODES")
        .toString()
        .lines()
        .filter(line -> !line.isBlank())
        .map(ClusterNodeView::parse)
        .collect(Collectors.toList());
  }

  // <id> <ip:port@cport> <flags> <master> <ping-sent> <pong-recv> <epoch> <link> <slot> ...
  static ClusterNodeView parse(String line) {
    String[] fields = line.trim().split(" ");
    String address = fields[1];
    int port =
        Integer.parseInt(address.substring(address.lastIndexOf(':') + 1, address.indexOf('@')));
    return new ClusterNodeView(fields[0], port, Set.of(fields[2].split(",")), fields.length > 8);
  }

  boolean isMaster() {
    return flags.contains("master");
  }
}
