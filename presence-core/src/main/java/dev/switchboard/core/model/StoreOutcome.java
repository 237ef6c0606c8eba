package dev.switchboard.core.model;

import java.util.Optional;

/** What storing a durable message did. Every outcome names the device's owner, to wake it. */
public sealed interface StoreOutcome {

  /** The connection and instance holding the device when the script ran, if any. */
  Optional<Holder> owner();

  /**
   * How many messages the store found expired undelivered and took out of the outbox (freeing room
   * for this one).
   */
  int expired();

  /**
   * Stored; its state is {@link DeliveryState#QUEUED}.
   *
   * @param replicas replicas that confirmed the write ({@code WAIT}), -1 when none were asked for
   */
  record Stored(MessageStatus status, Optional<Holder> owner, int expired, int replicas)
      implements StoreOutcome {
    public Stored withReplicas(int confirmed) {
      return new Stored(status, owner, expired, confirmed);
    }
  }

  /**
   * The id was stored before (a retry): nothing was stored, this is the first message as it is now.
   */
  record Duplicate(MessageStatus status, Optional<Holder> owner, int replicas)
      implements StoreOutcome {
    @Override
    public int expired() {
      return 0;
    }

    public Duplicate withReplicas(int confirmed) {
      return new Duplicate(status, owner, confirmed);
    }
  }

  /**
   * Refused: the outbox is at a cap.
   *
   * @param held what the outbox holds of that cap (messages or payload bytes)
   * @param limit the cap
   * @param msUntilOldestExpires when the oldest waiting message expires and frees room (0: unknown)
   */
  record Full(
      OutboxCap cap,
      long held,
      long limit,
      long msUntilOldestExpires,
      Optional<Holder> owner,
      int expired)
      implements StoreOutcome {}
}
