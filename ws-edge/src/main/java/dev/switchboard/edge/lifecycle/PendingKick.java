package dev.switchboard.edge.lifecycle;

import dev.switchboard.core.model.Holder;

/**
 * A kick on its way to the previous holder's instance.
 *
 * @param message the encoded {@code kick}
 * @param attempt the publish this is (1 for the first)
 * @param deadline the {@link System#nanoTime()} after which it waits no longer for an inbox that
 *     reaches nobody
 */
record PendingKick(String device, Holder previous, String message, int attempt, long deadline) {

  String inst() {
    return previous.inst();
  }

  PendingKick next() {
    return new PendingKick(device, previous, message, attempt + 1, deadline);
  }
}
