package dev.switchboard.testsupport;

import java.util.Optional;

/** Reads single fields of {@code INFO} and {@code ROLE} replies. */
final class RedisInfo {

  private RedisInfo() {}

  /** One {@code field:value} line of an INFO section. */
  static Optional<String> field(RedisServer server, String section, String field) {
    String prefix = field + ":";
    return server
        .call("INFO", section)
        .toString()
        .lines()
        .filter(line -> line.startsWith(prefix))
        .map(line -> line.substring(prefix.length()).trim())
        .findFirst();
  }

  /** {@code master}, {@code slave} or {@code sentinel}, from the first element of ROLE. */
  static String role(RedisServer server) {
    return ((java.util.List<?>) server.call("ROLE")).get(0).toString();
  }

  /** Whether a replica has a live link to its primary and has finished its sync. */
  static boolean linkUp(RedisServer replica) {
    return "slave".equals(role(replica))
        && field(replica, "replication", "master_link_status").orElse("").equals("up")
        && field(replica, "replication", "master_sync_in_progress").orElse("0").equals("0");
  }

  /** Whether commands sent to this server would be answered now. */
  static boolean answers(RedisServer server) {
    return server.isRunning() && !server.isFrozen();
  }
}
