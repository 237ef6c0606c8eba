package dev.switchboard.edge.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Spreads the closes of a drain uniformly over the window, so that clients reconnect to the other
 * pods as a trickle, not a storm. Pure; the random source is passed in.
 */
public final class DrainPlan {

  private DrainPlan() {}

  /** One delay per connection, in ms, uniformly in [0, windowMs), sorted ascending. */
  public static List<Long> delays(int connections, long windowMs, Random random) {
    List<Long> delays = new ArrayList<>(connections);
    for (int i = 0; i < connections; i++) {
      // stratified: one slot per connection, jittered within it, so the spread is even even for few
      double slot = windowMs / (double) Math.max(1, connections);
      delays.add((long) (i * slot + random.nextDouble() * slot));
    }
    return delays;
  }
}
