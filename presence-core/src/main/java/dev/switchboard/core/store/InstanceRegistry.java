package dev.switchboard.core.store;

import dev.switchboard.core.model.InstanceInfo;
import dev.switchboard.core.model.InstanceLease;
import dev.switchboard.core.model.InstanceRecord;
import dev.switchboard.core.model.LeaseRenewal;
import dev.switchboard.core.model.Unregistration;
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

  /**
   * The instance's own unregister (clean shutdown): removes the owner record and the device index,
   * and then the lease, but only once the index is empty. While devices are left in it (a release
   * failed during the drain) everything stays, so that a sweeper finds the instance by its lease
   * once it expires and collects the leftovers by compare-and-delete. Deleting the index first
   * would leave entries no sweep can find.
   */
  public Uni<Void> unregister(String inst) {
    return retire(inst).replaceWithVoid();
  }

  /** {@link #unregister} with its outcome: {@code REMOVED} or {@code DEVICES_LEFT}. */
  public Uni<Unregistration> retire(String inst) {
    return runner
        .run(calls.forgetInstance(inst, Optional.empty()))
        .map(StoreReplies::forget)
        .chain(
            outcome ->
                outcome != Unregistration.REMOVED
                    ? Uni.createFrom().item(outcome)
                    : runner
                        .send(Request.cmd(Command.ZREM).arg(keys().instances()).arg(inst))
                        .replaceWith(outcome));
  }

  /**
   * The instance's registration generation (raised by every registration), {@code "0"} without a
   * record. Read it before {@link #unregisterIfUnchanged}.
   */
  public Uni<String> generation(String inst) {
    return runner
        .send(Request.cmd(Command.HGET).arg(keys().instance(inst)).arg("gen"))
        .map(r -> r == null ? "0" : r.toString());
  }

  /**
   * The sweeper's unregister, fenced against an instance that comes back. Two steps, because the
   * lease set and the instance's keys live in different cluster slots:
   *
   * <ol>
   *   <li>remove the lease only if its heartbeat is still {@code heartbeatMs} (the verdict's);
   *   <li>then delete record and index only if the index is empty and the registration generation
   *       is still {@code generation}; otherwise put the lease back with its old heartbeat ({@code
   *       ZADD NX}: a newer heartbeat wins), so the instance stays findable.
   * </ol>
   *
   * The lease goes first because its absence is what makes a returning edge re-register (its
   * heartbeat reports the lease missing), and that re-registration raises the generation, which
   * fences step 2. Deleting the record first could remove the record of an edge whose heartbeat
   * lands between the two steps; that edge would never re-register.
   *
   * @param generation read with {@link #generation} before this call
   */
  public Uni<Unregistration> unregisterIfUnchanged(
      String inst, long heartbeatMs, String generation) {
    return runner
        .run(calls.unregisterIfUnchanged(inst, heartbeatMs))
        .map(StoreReplies::unregisterIfUnchanged)
        .chain(
            leaseStep ->
                leaseStep != Unregistration.REMOVED
                    ? Uni.createFrom().item(leaseStep)
                    : runner
                        .run(calls.forgetInstance(inst, Optional.of(generation)))
                        .map(StoreReplies::forget)
                        .chain(outcome -> restoreLeaseUnlessRemoved(inst, heartbeatMs, outcome)));
  }

  private Uni<Unregistration> restoreLeaseUnlessRemoved(
      String inst, long heartbeatMs, Unregistration outcome) {
    if (outcome == Unregistration.REMOVED) {
      return Uni.createFrom().item(outcome);
    }
    return runner
        .send(
            Request.cmd(Command.ZADD).arg(keys().instances()).arg("NX").arg(heartbeatMs).arg(inst))
        .replaceWith(outcome);
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
