package dev.switchboard.core.model;

import java.util.Optional;

/**
 * What the event stream holds right now, from {@code XINFO STREAM}: the first retained id, the last
 * id, how many entries it holds and how many were ever added. {@code entriesAdded} only grows for
 * one stream; a smaller value than seen before means the stream was lost and recreated.
 *
 * @param firstId the first retained entry (empty when the stream holds none)
 * @param lastId the newest id ever added ({@code 0-0} when the stream does not exist)
 */
public record StreamBounds(
    Optional<StreamId> firstId, StreamId lastId, long length, long entriesAdded) {

  /** No stream at all (never written, or lost with Redis's data). */
  public static final StreamBounds EMPTY = new StreamBounds(Optional.empty(), StreamId.ZERO, 0, 0);

  /** Whether entries were ever removed (trimmed), so a reader may have missed some. */
  public boolean wasTrimmed() {
    return entriesAdded > length;
  }
}
