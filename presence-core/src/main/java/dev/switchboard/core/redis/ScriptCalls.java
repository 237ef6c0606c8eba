package dev.switchboard.core.redis;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.InstanceInfo;
import dev.switchboard.core.model.OutboxStoreRequest;
import dev.switchboard.core.model.Owner;
import dev.switchboard.core.model.ReclaimRequest;
import dev.switchboard.core.model.StreamId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the KEYS and ARGV of every script call: pure functions, tested without Redis. The argument
 * order is the one documented at the top of each script file.
 */
public final class ScriptCalls {

  private final PresenceKeys keys;

  public ScriptCalls(PresenceKeys keys) {
    this.keys = keys;
  }

  public PresenceKeys keys() {
    return keys;
  }

  public ScriptCall claim(ClaimRequest request) {
    List<String> args = new ArrayList<>(ownerArgs(request.conn(), request.owner()));
    args.add(request.addr());
    args.add(request.meta().orElse(""));
    args.add(request.policy().wireName());
    args.add(request.staleHolderInst().orElse(""));
    args.add(Long.toString(request.flapLimit().window().toMillis()));
    args.add(Integer.toString(request.flapLimit().maxTakeovers()));
    return new ScriptCall(
        LuaScript.DEVICE_CLAIM,
        List.of(keys.device(request.device()), keys.outbox(request.device())),
        args);
  }

  public ScriptCall touch(String device, String conn, long epoch) {
    return new ScriptCall(
        LuaScript.DEVICE_TOUCH, List.of(keys.device(device)), List.of(conn, Long.toString(epoch)));
  }

  public ScriptCall release(String device, String conn) {
    return new ScriptCall(LuaScript.DEVICE_RELEASE, List.of(keys.device(device)), List.of(conn));
  }

  public ScriptCall reclaim(ReclaimRequest request) {
    List<String> args = new ArrayList<>(ownerArgs(request.conn(), request.owner()));
    args.add(request.addr());
    args.add(request.meta().orElse(""));
    args.add(request.sinceMs() > 0 ? Long.toString(request.sinceMs()) : "");
    args.add(Long.toString(request.epoch()));
    return new ScriptCall(LuaScript.DEVICE_RECLAIM, List.of(keys.device(request.device())), args);
  }

  /**
   * Reads where each device is connected ({@link StoreReplies#LOCATION_FIELDS}) in one script. Its
   * keys span slots: on a cluster, pass only devices of one slot.
   */
  public ScriptCall locate(List<String> devices) {
    List<String> deviceKeys = new ArrayList<>(devices.size());
    for (String device : devices) {
      deviceKeys.add(keys.device(device));
    }
    return new ScriptCall(LuaScript.DEVICES_LOCATE, deviceKeys, StoreReplies.LOCATION_FIELDS);
  }

  public ScriptCall sweep(String device, String inst) {
    return new ScriptCall(LuaScript.DEVICE_SWEEP, List.of(keys.device(device)), List.of(inst));
  }

  public ScriptCall registerInstance(InstanceInfo info) {
    Owner owner = info.owner();
    return new ScriptCall(
        LuaScript.INSTANCE_REGISTER,
        List.of(keys.instance(owner.inst())),
        List.of(owner.pod(), owner.podUid(), owner.node(), info.version()));
  }

  public ScriptCall heartbeat(String inst) {
    return new ScriptCall(LuaScript.INSTANCE_HEARTBEAT, List.of(keys.instances()), List.of(inst));
  }

  /** Removes the lease only if its heartbeat is still {@code heartbeatMs} (the verdict's). */
  public ScriptCall unregisterIfUnchanged(String inst, long heartbeatMs) {
    return new ScriptCall(
        LuaScript.INSTANCE_UNREGISTER_IF_UNCHANGED,
        List.of(keys.instances()),
        List.of(inst, Long.toString(heartbeatMs)));
  }

  /**
   * Deletes the owner record and the device index once the index is empty and, when {@code
   * generation} is given, only if the instance has not registered again. Both keys share the
   * instance's hash tag, so the script stays in one slot.
   */
  public ScriptCall forgetInstance(String inst, java.util.Optional<String> generation) {
    return new ScriptCall(
        LuaScript.INSTANCE_FORGET,
        List.of(keys.instance(inst), keys.instanceDevices(inst)),
        List.of(generation.orElse("")));
  }

  /**
   * Instances silent for at least {@code minAgeMs} (0 = all), oldest first, at most {@code limit}.
   */
  public ScriptCall listInstances(long minAgeMs, int limit) {
    if (minAgeMs < 0 || limit <= 0) {
      throw new IllegalArgumentException("minAgeMs must be >= 0 and limit > 0");
    }
    return new ScriptCall(
        LuaScript.INSTANCES_LIST,
        List.of(keys.instances()),
        List.of(Long.toString(minAgeMs), Integer.toString(limit)));
  }

  /**
   * Stores a durable message once per id, within the outbox's caps.
   *
   * @param retention how long the id and its state are kept after the message expired
   */
  public ScriptCall outboxStore(OutboxStoreRequest request, Duration retention) {
    String device = request.device();
    return new ScriptCall(
        LuaScript.OUTBOX_STORE,
        List.of(
            keys.device(device),
            keys.outbox(device),
            keys.outboxAcked(device),
            keys.outboxMeta(device),
            keys.outboxIds(device),
            keys.outboxExpiry(device),
            keys.outboxForget(device)),
        List.of(
            request.id(),
            request.payloadJson(),
            Long.toString(request.ttl().toMillis()),
            Integer.toString(request.limits().maxMessages()),
            Long.toString(request.limits().maxBytes()),
            Long.toString(retention.toMillis())));
  }

  /** Up to {@code count} entries after {@code after} (or the acked cursor, if later). */
  public ScriptCall outboxRead(String device, StreamId after, int count) {
    if (count <= 0) {
      throw new IllegalArgumentException("count must be > 0");
    }
    return new ScriptCall(
        LuaScript.OUTBOX_READ,
        List.of(
            keys.outbox(device),
            keys.outboxAcked(device),
            keys.outboxMeta(device),
            keys.outboxIds(device),
            keys.outboxExpiry(device)),
        List.of(after.toString(), Integer.toString(count)),
        keys.device(device));
  }

  /** The connection (by conn and epoch) acknowledges everything up to {@code seq}. */
  public ScriptCall outboxAck(String device, String conn, long epoch, StreamId seq) {
    return new ScriptCall(
        LuaScript.OUTBOX_ACK,
        List.of(
            keys.device(device),
            keys.outbox(device),
            keys.outboxAcked(device),
            keys.outboxMeta(device),
            keys.outboxExpiry(device)),
        List.of(conn, Long.toString(epoch), seq.toString()));
  }

  /** What is known about one message, to derive its delivery state. */
  public ScriptCall outboxState(String device, String id) {
    return new ScriptCall(
        LuaScript.OUTBOX_STATE,
        List.of(
            keys.outbox(device),
            keys.outboxAcked(device),
            keys.outboxMeta(device),
            keys.outboxIds(device)),
        List.of(id),
        keys.device(device));
  }

  private static List<String> ownerArgs(String conn, Owner owner) {
    return List.of(conn, owner.inst(), owner.pod(), owner.podUid(), owner.node());
  }
}
