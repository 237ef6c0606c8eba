package dev.switchboard.edge.lifecycle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kicks to one instance whose inbox reached nobody, waiting together for it to come back: the
 * oldest is the probe, each leaves at its deadline, and beyond the bound the oldest is dropped. Not
 * thread-safe: its owner confines each queue to one lock.
 */
final class KickQueue {

  private final int bound;
  private final ArrayDeque<PendingKick> kicks = new ArrayDeque<>();
  private int expired;
  private int overflowed;

  KickQueue(int bound) {
    this.bound = bound;
  }

  void add(PendingKick kick) {
    if (kicks.size() == bound) {
      kicks.removeFirst();
      overflowed++;
    }
    kicks.addLast(kick);
  }

  /**
   * Drops the kicks past their deadline; the oldest left is the next probe, none if none is left.
   */
  Optional<PendingKick> probe(long now) {
    int before = kicks.size();
    kicks.removeIf(k -> now - k.deadline() >= 0);
    expired += before - kicks.size();
    return Optional.ofNullable(kicks.peekFirst());
  }

  /** The probe reached the inbox: the others, to be sent now; the queue is done. */
  List<PendingKick> reached(PendingKick probe) {
    kicks.remove(probe);
    List<PendingKick> others = new ArrayList<>(kicks);
    kicks.clear();
    return others;
  }

  /** How many left at their deadline. */
  int expired() {
    return expired;
  }

  /** How many the bound pushed out. */
  int overflowed() {
    return overflowed;
  }

  /** Kicks waiting now. */
  int size() {
    return kicks.size();
  }

  int bound() {
    return bound;
  }
}
