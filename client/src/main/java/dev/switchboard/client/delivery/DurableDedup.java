package dev.switchboard.client.delivery;

import java.util.Optional;

/**
 * Which durable messages reach the app: a seq at or below the last delivered one is a duplicate
 * (the server re-sends everything after its acknowledged cursor after any reconnect) and is dropped
 * and counted; any other is delivered. A message counts as delivered only once the app's handler
 * returned ({@link #delivered}), so one whose handler failed is delivered again when it comes
 * again.
 *
 * <p>One thread offers and marks (the client's delivery thread); {@link #last()} and {@link
 * #duplicates()} may be read from any thread.
 */
public final class DurableDedup {

  /** The verdict on one offered seq. */
  public enum Verdict {
    DELIVER,
    DROP
  }

  private volatile Seq last;
  private volatile long duplicates;

  /** Nothing delivered yet. */
  public DurableDedup() {
    this(Optional.empty());
  }

  /** Resumes after {@code lastDelivered}, e.g. a seq the app stored across a restart. */
  public DurableDedup(Optional<Seq> lastDelivered) {
    this.last = lastDelivered.orElse(null);
  }

  /** Deliver, or drop as a duplicate (counted). */
  public Verdict offer(Seq seq) {
    Seq current = last;
    if (current != null && !seq.isAfter(current)) {
      duplicates++;
      return Verdict.DROP;
    }
    return Verdict.DELIVER;
  }

  /** The handler returned for {@code seq}: later offers at or below it are duplicates. */
  public void delivered(Seq seq) {
    Seq current = last;
    if (current == null || seq.isAfter(current)) {
      last = seq;
    }
  }

  /** The last seq delivered to the app. */
  public Optional<Seq> last() {
    return Optional.ofNullable(last);
  }

  /** Durable messages dropped as duplicates so far. */
  public long duplicates() {
    return duplicates;
  }
}
