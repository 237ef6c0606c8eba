package dev.switchboard.core.redis;

import dev.switchboard.core.model.ClaimResult;
import dev.switchboard.core.model.Holder;
import dev.switchboard.core.model.InstanceInfo;
import dev.switchboard.core.model.InstanceLease;
import dev.switchboard.core.model.InstanceRecord;
import dev.switchboard.core.model.Owner;
import dev.switchboard.core.model.PresenceEntry;
import dev.switchboard.core.model.PresenceLocation;
import dev.switchboard.core.model.ReclaimResult;
import dev.switchboard.core.model.SweepResult;
import dev.switchboard.core.model.TouchResult;
import dev.switchboard.core.model.Unregistration;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns script and command replies into records, following each script's documented contract. */
public final class StoreReplies {

  /** The device hash fields, in the order {@link #entry} reads them. */
  public static final List<String> ENTRY_FIELDS =
      List.of("conn", "epoch", "inst", "pod", "podUid", "node", "since", "seen", "addr", "meta");

  /**
   * The device hash fields a lookup reads, in the order {@link #location} reads them: the first
   * eight of {@link #ENTRY_FIELDS}.
   */
  public static final List<String> LOCATION_FIELDS = ENTRY_FIELDS.subList(0, 8);

  /** The instance hash fields, in the order {@link #instance} reads them. */
  public static final List<String> INSTANCE_FIELDS =
      List.of("pod", "podUid", "node", "version", "started");

  private StoreReplies() {}

  public static ClaimResult claim(Response reply) {
    List<String> parts = Replies.strings(reply);
    if (parts.size() == 5 && "claimed".equals(parts.get(0))) {
      Optional<Holder> replaced =
          parts.get(2).isEmpty()
              ? Optional.empty()
              : Optional.of(new Holder(parts.get(2), parts.get(3)));
      return new ClaimResult.Claimed(
          Long.parseLong(parts.get(1)), replaced, "1".equals(parts.get(4)));
    }
    if (parts.size() == 4 && "refused".equals(parts.get(0))) {
      return new ClaimResult.Refused(
          new Holder(parts.get(1), parts.get(2)), Long.parseLong(parts.get(3)));
    }
    if (parts.size() == 4 && "flapping".equals(parts.get(0))) {
      return new ClaimResult.Flapping(
          new Holder(parts.get(1), parts.get(2)), Math.max(0, Long.parseLong(parts.get(3))));
    }
    throw Replies.unexpected("device_claim", reply);
  }

  public static TouchResult touch(Response reply) {
    long code = Replies.number(reply);
    if (code == 1) {
      return TouchResult.TOUCHED;
    }
    if (code == 0) {
      return TouchResult.REPLACED;
    }
    if (code == -1) {
      return TouchResult.MISSING;
    }
    if (code == -2) {
      return TouchResult.OLDER_HOLDER;
    }
    throw Replies.unexpected("device_touch", reply);
  }

  public static ReclaimResult reclaim(Response reply) {
    List<String> parts = Replies.strings(reply);
    String kind = parts.isEmpty() ? "" : parts.get(0);
    if (parts.size() == 2 && "recreated".equals(kind)) {
      return new ReclaimResult.Recreated(Long.parseLong(parts.get(1)));
    }
    if (parts.size() == 2 && "kept".equals(kind)) {
      return new ReclaimResult.Kept(Long.parseLong(parts.get(1)));
    }
    if (parts.size() == 4 && "reasserted".equals(kind)) {
      return new ReclaimResult.Reasserted(
          Long.parseLong(parts.get(1)), new Holder(parts.get(2), parts.get(3)));
    }
    if (parts.size() == 4 && "taken".equals(kind)) {
      return new ReclaimResult.TakenOver(
          new Holder(parts.get(1), parts.get(2)), Long.parseLong(parts.get(3)));
    }
    throw Replies.unexpected("device_reclaim", reply);
  }

  public static SweepResult sweep(String device, Response reply) {
    List<String> parts = Replies.strings(reply);
    if (parts.size() == 3 && "1".equals(parts.get(0))) {
      return new SweepResult(
          device, Optional.of(new SweepResult.Removed(parts.get(1), Long.parseLong(parts.get(2)))));
    }
    if (parts.size() == 1 && "0".equals(parts.get(0))) {
      return new SweepResult(device, Optional.empty());
    }
    throw Replies.unexpected("device_sweep", reply);
  }

  /** Reads an HMGET of {@link #ENTRY_FIELDS}; empty when the device has no entry. */
  public static Optional<PresenceEntry> entry(String device, Response reply) {
    List<String> v = Replies.strings(reply);
    if (v.size() != ENTRY_FIELDS.size() || v.get(0) == null) {
      return Optional.empty();
    }
    Owner owner = new Owner(v.get(2), orEmpty(v.get(3)), orEmpty(v.get(4)), orEmpty(v.get(5)));
    return Optional.of(
        new PresenceEntry(
            device,
            v.get(0),
            parseLong(v.get(1)),
            owner,
            parseLong(v.get(6)),
            parseLong(v.get(7)),
            orEmpty(v.get(8)),
            Optional.ofNullable(v.get(9))));
  }

  /**
   * Reads an HMGET of {@link #LOCATION_FIELDS}; empty when the device has no entry. Reads the reply
   * in place (no list of strings, no wrapper per field): a batch lookup decodes a thousand of them.
   */
  public static Optional<PresenceLocation> location(String device, Response reply) {
    io.vertx.redis.client.Response fields = reply == null ? null : reply.getDelegate();
    if (fields == null || fields.size() != LOCATION_FIELDS.size() || fields.get(0) == null) {
      return Optional.empty();
    }
    Owner owner =
        new Owner(
            text(fields.get(2)),
            orEmpty(text(fields.get(3))),
            orEmpty(text(fields.get(4))),
            orEmpty(text(fields.get(5))));
    return Optional.of(
        new PresenceLocation(
            device,
            text(fields.get(0)),
            parseLong(text(fields.get(1))),
            owner,
            parseLong(text(fields.get(6))),
            parseLong(text(fields.get(7)))));
  }

  private static String text(io.vertx.redis.client.Response field) {
    return field == null ? null : field.toString();
  }

  /** Reads an HMGET of {@link #INSTANCE_FIELDS}; empty when the instance hash is gone. */
  public static Optional<InstanceRecord> instance(String inst, Response reply) {
    List<String> v = Replies.strings(reply);
    if (v.size() != INSTANCE_FIELDS.size() || v.stream().allMatch(x -> x == null)) {
      return Optional.empty();
    }
    Owner owner = new Owner(inst, orEmpty(v.get(0)), orEmpty(v.get(1)), orEmpty(v.get(2)));
    return Optional.of(
        new InstanceRecord(new InstanceInfo(owner, orEmpty(v.get(3))), parseLong(v.get(4))));
  }

  /** Reads the reply of instance_unregister_if_unchanged: 1 removed, 0 moved, -1 already gone. */
  public static Unregistration unregisterIfUnchanged(Response reply) {
    long code = Replies.number(reply);
    if (code == 1) {
      return Unregistration.REMOVED;
    }
    if (code == 0) {
      return Unregistration.LEASE_MOVED;
    }
    if (code == -1) {
      return Unregistration.ALREADY_GONE;
    }
    throw Replies.unexpected("instance_unregister_if_unchanged", reply);
  }

  /** Reads the reply of instance_forget: {1}, {0, 'devices', n} or {0, 'registered', gen}. */
  public static Unregistration forget(Response reply) {
    List<String> parts = Replies.strings(reply);
    if (parts.size() == 1 && "1".equals(parts.get(0))) {
      return Unregistration.REMOVED;
    }
    if (parts.size() == 3 && "devices".equals(parts.get(1))) {
      return Unregistration.DEVICES_LEFT;
    }
    if (parts.size() == 3 && "registered".equals(parts.get(1))) {
      return Unregistration.REGISTERED_AGAIN;
    }
    throw Replies.unexpected("instance_forget", reply);
  }

  /** Reads the reply of instances_list: now, then (inst, heartbeat) pairs. */
  public static List<InstanceLease> leases(Response reply) {
    List<String> parts = Replies.strings(reply);
    if (parts.isEmpty() || parts.size() % 2 != 1) {
      throw Replies.unexpected("instances_list", reply);
    }
    long now = Long.parseLong(parts.get(0));
    List<InstanceLease> leases = new ArrayList<>((parts.size() - 1) / 2);
    for (int i = 1; i < parts.size(); i += 2) {
      leases.add(new InstanceLease(parts.get(i), parseScore(parts.get(i + 1)), now));
    }
    return leases;
  }

  /** Reads Redis TIME as ms since the Unix epoch. */
  public static long timeMillis(Response reply) {
    List<String> parts = Replies.strings(reply);
    return Long.parseLong(parts.get(0)) * 1000 + Long.parseLong(parts.get(1)) / 1000;
  }

  static long parseScore(String score) {
    return score.indexOf('.') >= 0 || score.indexOf('e') >= 0 || score.indexOf('E') >= 0
        ? (long) Double.parseDouble(score)
        : Long.parseLong(score);
  }

  private static long parseLong(String value) {
    return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
