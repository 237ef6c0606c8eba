package dev.switchboard.edge.lifecycle;

import dev.switchboard.core.model.PresenceEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which index members the audit may release: entries this instance still owns under a connection it
 * no longer holds. Decided by conn, not by instance: a device that reconnected to this same pod
 * between the audit's scan and its delete holds a fresh entry under a new conn, which a delete by
 * instance would have taken.
 */
final class GhostRule {

  private GhostRule() {}

  /** A ghost entry to release: its device and the dead connection that holds it. */
  record Ghost(String device, String conn, long epoch) {}

  /**
   * @param entries what Redis holds for each candidate device (candidates: index members with no
   *     local socket when the page was read)
   * @param isLocalConn whether a connection id belongs to a socket this instance holds now
   */
  static List<Ghost> ghosts(
      String inst, List<Optional<PresenceEntry>> entries, Predicate<String> isLocalConn) {
    List<Ghost> ghosts = new ArrayList<>();
    for (Optional<PresenceEntry> found : entries) {
      if (found.isEmpty()) {
        continue;
      }
      PresenceEntry entry = found.get();
      if (entry.owner().inst().equals(inst) && !isLocalConn.test(entry.conn())) {
        ghosts.add(new Ghost(entry.device(), entry.conn(), entry.epoch()));
      }
    }
    return ghosts;
  }
}
