package dev.switchboard.core.store;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.ClaimResult;
import dev.switchboard.core.model.PresenceEntry;
import dev.switchboard.core.model.PresenceLocation;
import dev.switchboard.core.model.ReclaimRequest;
import dev.switchboard.core.model.ReclaimResult;
import dev.switchboard.core.model.SweepResult;
import dev.switchboard.core.model.TouchResult;
import dev.switchboard.core.redis.LocateReplies;
import dev.switchboard.core.redis.ScriptCall;
import dev.switchboard.core.redis.ScriptCalls;
import dev.switchboard.core.redis.ScriptRunner;
import dev.switchboard.core.redis.StoreReplies;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Device presence entries: every mutation is one compare-and-act script, so that a late event of an
 * old connection can never undo the work of a newer one.
 */
public final class PresenceStore {

  // Encoded once: a batch lookup sends each field name a thousand times.
  private static final byte[][] LOCATION_FIELDS =
      StoreReplies.LOCATION_FIELDS.stream()
          .map(field -> field.getBytes(StandardCharsets.US_ASCII))
          .toArray(byte[][]::new);

  /**
   * The most devices one {@code devices_locate} call reads: a batch of 1,000 is four calls, one per
   * shared connection, and no call holds Redis for much more than a millisecond.
   */
  static final int LOCATE_CHUNK = 250;

  private final ScriptRunner runner;
  private final ScriptCalls calls;
  private final boolean clustered;

  /** A store over one Redis server (or a Sentinel's primary). */
  public PresenceStore(ScriptRunner runner, ScriptCalls calls) {
    this(runner, calls, false);
  }

  /**
   * @param clustered whether Redis is a cluster, where one script cannot read the devices of many
   *     slots: batch lookups then read device by device, grouped by node
   */
  public PresenceStore(ScriptRunner runner, ScriptCalls calls, boolean clustered) {
    this.runner = runner;
    this.calls = calls;
    this.clustered = clustered;
  }

  /** Gives the device to a new connection, or refuses under the reject-new policy. */
  public Uni<ClaimResult> claim(ClaimRequest request) {
    return runner.run(calls.claim(request)).map(StoreReplies::claim);
  }

  /**
   * Adds the device to {@code inst}'s index, then claims it: the index is a superset, so the add
   * goes first, down the device's connection, and the claim is sent right behind it without waiting
   * for its answer (one write, one round trip; on a cluster, where the index lives on another node,
   * the claim waits for the add). A failure of either fails the claim; the add may have run, and
   * the claim too (undo it with a {@link #release}, which runs after it).
   */
  public Uni<ClaimResult> claimIndexed(DeviceIndex index, String inst, ClaimRequest request) {
    return runner
        .runAfter(index.addCommand(inst, request.device()), calls.claim(request))
        .map(StoreReplies::claim);
  }

  /** Marks the connection as seen now, if it still owns the device (see {@link TouchResult}). */
  public Uni<TouchResult> touch(DeviceConn connection) {
    return runner
        .run(calls.touch(connection.device(), connection.conn(), connection.epoch()))
        .map(StoreReplies::touch);
  }

  /** Touches many connections in one pipelined round trip; results in input order. */
  public Uni<List<TouchResult>> touchAll(List<DeviceConn> connections) {
    return runner
        .runAll(
            connections.stream().map(c -> calls.touch(c.device(), c.conn(), c.epoch())).toList())
        .map(replies -> replies.stream().map(StoreReplies::touch).toList());
  }

  /** Deletes the entry if this connection still owns it; true when it did. */
  public Uni<Boolean> release(String device, String conn) {
    return runner.run(calls.release(device, conn)).map(r -> r.toLong() == 1L);
  }

  /** Re-asserts an open socket's entry: recreate if absent, keep if ours, report a takeover. */
  public Uni<ReclaimResult> reclaim(ReclaimRequest request) {
    return runner.run(calls.reclaim(request)).map(StoreReplies::reclaim);
  }

  /** Reclaims many sockets in one pipelined round trip; results in input order. */
  public Uni<List<ReclaimResult>> reclaimAll(List<ReclaimRequest> requests) {
    return runner
        .runAll(requests.stream().map(calls::reclaim).toList())
        .map(replies -> replies.stream().map(StoreReplies::reclaim).toList());
  }

  /** Deletes the entry only if the given (dead) instance owns it. */
  public Uni<SweepResult> sweep(String device, String inst) {
    return runner.run(calls.sweep(device, inst)).map(r -> StoreReplies.sweep(device, r));
  }

  /** Sweeps many devices of one dead instance, pipelined; results in input order. */
  public Uni<List<SweepResult>> sweepAll(List<String> devices, String inst) {
    return runner
        .runAll(devices.stream().map(d -> calls.sweep(d, inst)).toList())
        .map(
            replies -> {
              SweepResult[] results = new SweepResult[replies.size()];
              for (int i = 0; i < results.length; i++) {
                results[i] = StoreReplies.sweep(devices.get(i), replies.get(i));
              }
              return List.of(results);
            });
  }

  /** The device's entry as stored, whatever its owner's lease says. */
  public Uni<Optional<PresenceEntry>> entry(String device) {
    return entries(List.of(device)).map(list -> list.get(0));
  }

  /** Many entries in one pipelined round trip; results in input order. */
  public Uni<List<Optional<PresenceEntry>>> entries(List<String> devices) {
    List<Request> requests = devices.stream().map(this::readEntry).toList();
    return runner
        .sendAll(requests)
        .map(
            replies -> {
              @SuppressWarnings("unchecked")
              Optional<PresenceEntry>[] out = new Optional[replies.size()];
              for (int i = 0; i < out.length; i++) {
                out[i] = StoreReplies.entry(devices.get(i), replies.get(i));
              }
              return List.of(out);
            });
  }

  /**
   * Where each device is connected, in one round trip spread over the shared connections; results
   * in input order. Reads only the fields a lookup answers with ({@link
   * StoreReplies#LOCATION_FIELDS}): on one server, a {@code devices_locate} script per {@link
   * #LOCATE_CHUNK} devices, each answering with one compact string; on a cluster, an {@code HMGET}
   * per device.
   */
  public Uni<List<Optional<PresenceLocation>>> locations(List<String> devices) {
    if (devices.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return clustered ? readLocations(devices) : locateLocations(devices);
  }

  private Uni<List<Optional<PresenceLocation>>> locateLocations(List<String> devices) {
    int chunks = (devices.size() + LOCATE_CHUNK - 1) / LOCATE_CHUNK;
    List<List<String>> parts = new ArrayList<>(chunks);
    List<ScriptCall> scripts = new ArrayList<>(chunks);
    for (int chunk = 0; chunk < chunks; chunk++) {
      List<String> part =
          devices.subList(devices.size() * chunk / chunks, devices.size() * (chunk + 1) / chunks);
      parts.add(part);
      scripts.add(calls.locate(part));
    }
    return runner
        .runReads(scripts)
        .map(
            replies -> {
              @SuppressWarnings("unchecked")
              Optional<PresenceLocation>[] out = new Optional[devices.size()];
              int from = 0;
              for (int chunk = 0; chunk < chunks; chunk++) {
                LocateReplies.read(parts.get(chunk), replies.get(chunk), out, from);
                from += parts.get(chunk).size();
              }
              return Arrays.asList(out);
            });
  }

  private Uni<List<Optional<PresenceLocation>>> readLocations(List<String> devices) {
    List<Request> requests = new ArrayList<>(devices.size());
    for (String device : devices) {
      Request request = Request.cmd(Command.HMGET).arg(calls.keys().device(device));
      for (byte[] field : LOCATION_FIELDS) {
        request.arg(field);
      }
      requests.add(request);
    }
    return runner
        .readAll(requests)
        .map(
            replies -> {
              @SuppressWarnings("unchecked")
              Optional<PresenceLocation>[] out = new Optional[replies.size()];
              for (int i = 0; i < out.length; i++) {
                out[i] = StoreReplies.location(devices.get(i), replies.get(i));
              }
              return Arrays.asList(out);
            });
  }

  private Request readEntry(String device) {
    Request request = Request.cmd(Command.HMGET).arg(calls.keys().device(device));
    StoreReplies.ENTRY_FIELDS.forEach(request::arg);
    return request;
  }

  /** A device, the connection that claims it, and that connection's epoch. */
  public record DeviceConn(String device, String conn, long epoch) {}
}
