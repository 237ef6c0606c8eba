package dev.switchboard.core.store;

import dev.switchboard.core.model.InstanceInfo;
import dev.switchboard.core.model.InstanceLease;
import dev.switchboard.core.model.InstanceRecord;
import dev.switchboard.core.model.LeaseRenewal;
import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.redis.ScriptCalls;
import dev.switchboard.core.redis.ScriptRunner;
import dev.switchboard.core.redis.StoreReplies;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Edge instances: their owner records ({@code inst:{…}}) and their leases ({@code instances},
 * scored by Redis's clock). The record outlives a crash so the sweeper knows which pod to ask
 * about.
 */
public final class InstanceRegistry {

  private final ScriptRunner runner;
  private final ScriptCalls calls;

  public InstanceRegistry(ScriptRunner runner, ScriptCalls calls) {
    this.runner = runner;
    this.calls = calls;
  }

  private PresenceKeys keys() {
    return calls.keys();
  }

  /**
   * Writes the owner record and a first heartbeat. Safe to repeat (after a Redis outage): the
   * original start time is kept if the record survived.
   *
   * @return the instance's start time, ms since the Unix epoch (Redis clock)
   */
  public Uni<Long> register(InstanceInfo info) {
    return runner
        .run(calls.registerInstance(info))
        .flatMap(started -> heartbeat(info.inst()).replaceWith(Long.parseLong(started.toString())));
  }

  /** Renews the lease with Redis's clock; returns the heartbeat time in ms. */
  public Uni<Long> heartbeat(String inst) {
    return renew(inst).map(LeaseRenewal::heartbeatMs);
  }

  /** Renews the lease and says whether it had gone missing (lost data, or swept). */
  public Uni<LeaseRenewal> renew(String inst) {
    return runner
        .run(calls.heartbeat(inst))
        .map(r -> new LeaseRenewal(Long.parseLong(r.get(0).toString()), r.get(1).toLong() == 1L));
  }

  /** Removes the lease, the owner record and the device index (clean shutdown or sweep). */
  public Uni<Void> unregister(String inst) {
    return runner
        .sendAll(
            List.of(
                Request.cmd(Command.ZREM).arg(keys().instances()).arg(inst),
                Request.cmd(Command.DEL).arg(keys().instanceDevices(inst)),
                Request.cmd(Command.DEL).arg(keys().instance(inst))))
        .replaceWithVoid();
  }

  /** The owner record, if it still exists. */
  public Uni<Optional<InstanceRecord>> record(String inst) {
    return records(List.of(inst)).map(m -> Optional.ofNullable(m.get(inst)));
  }

  /** Many owner records in one pipelined round trip; instances without a record are absent. */
  public Uni<Map<String, InstanceRecord>> records(List<String> insts) {
    List<Request> requests =
        insts.stream()
            .map(
                inst -> {
                  Request r = Request.cmd(Command.HMGET).arg(keys().instance(inst));
                  StoreReplies.INSTANCE_FIELDS.forEach(r::arg);
                  return r;
                })
            .toList();
    return runner
        .sendAll(requests)
        .map(
            replies -> {
              Map<String, InstanceRecord> out = new HashMap<>();
              for (int i = 0; i < replies.size(); i++) {
                String inst = insts.get(i);
                StoreReplies.instance(inst, replies.get(i)).ifPresent(r -> out.put(inst, r));
              }
              return out;
            });
  }

  /** Every instance with a lease, oldest heartbeat first, at most {@code limit}. */
  public Uni<List<InstanceLease>> leases(int limit) {
    return runner.run(calls.listInstances(0, limit)).map(StoreReplies::leases);
  }

  /** Instances whose last heartbeat is at least {@code minAgeMs} old, oldest first. */
  public Uni<List<InstanceLease>> expired(long minAgeMs, int limit) {
    return runner.run(calls.listInstances(Math.max(1, minAgeMs), limit)).map(StoreReplies::leases);
  }

  /**
   * The leases of the given instances, read against Redis's clock in one round trip. Instances that
   * have no lease (never registered, unregistered, or swept) are absent from the map.
   */
  public Uni<Map<String, InstanceLease>> leasesOf(List<String> insts) {
    if (insts.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    Request scores = Request.cmd(Command.ZMSCORE).arg(keys().instances());
    insts.forEach(scores::arg);
    return runner
        .sendAll(List.of(Request.cmd(Command.TIME), scores))
        .map(
            replies -> {
              long now = StoreReplies.timeMillis(replies.get(0));
              Response values = replies.get(1);
              Map<String, InstanceLease> out = new HashMap<>();
              for (int i = 0; i < insts.size(); i++) {
                Response score = values.get(i);
                if (score != null) {
                  out.put(
                      insts.get(i),
                      new InstanceLease(insts.get(i), score.toDouble().longValue(), now));
                }
              }
              return out;
            });
  }
}
