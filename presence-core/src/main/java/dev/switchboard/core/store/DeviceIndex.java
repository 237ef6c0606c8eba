package dev.switchboard.core.store;

import dev.switchboard.core.redis.PresenceKeys;
import dev.switchboard.core.redis.ScriptRunner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-instance set of devices it claimed: a <em>superset</em> index. A device is added before
 * its claim and removed after its release, so a crash between the two leaves an extra member (which
 * the sweeper's compare-and-delete ignores), never a missing one.
 */
public final class DeviceIndex {

  private final ScriptRunner runner;
  private final PresenceKeys keys;

  public DeviceIndex(ScriptRunner runner, PresenceKeys keys) {
    this.runner = runner;
    this.keys = keys;
  }

  /**
   * Routed like the device's scripts (by its entry key), so an add that timed out here still runs
   * in Redis before the compensating remove that follows it.
   */
  public Uni<Void> add(String inst, String device) {
    return runner.send(keys.device(device), addCommand(inst, device)).replaceWithVoid();
  }

  /** The {@code SADD} of {@link #add}, for a store that sends it ahead of a claim. */
  Request addCommand(String inst, String device) {
    return Request.cmd(Command.SADD).arg(keys.instanceDevices(inst)).arg(device);
  }

  /** Adds many devices in one command (after a reclaim of every local socket). */
  public Uni<Void> addAll(String inst, List<String> devices) {
    if (devices.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    Request request = Request.cmd(Command.SADD).arg(keys.instanceDevices(inst));
    devices.forEach(request::arg);
    return runner.send(request).replaceWithVoid();
  }

  public Uni<Void> remove(String inst, String device) {
    return runner
        .send(
            keys.device(device),
            Request.cmd(Command.SREM).arg(keys.instanceDevices(inst)).arg(device))
        .replaceWithVoid();
  }

  /** Removes many devices in one command. */
  public Uni<Void> removeAll(String inst, List<String> devices) {
    if (devices.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    Request request = Request.cmd(Command.SREM).arg(keys.instanceDevices(inst));
    devices.forEach(request::arg);
    return runner.send(request).replaceWithVoid();
  }

  /** How many devices the index holds for the instance. */
  public Uni<Long> size(String inst) {
    return runner
        .send(Request.cmd(Command.SCARD).arg(keys.instanceDevices(inst)))
        .map(Response::toLong);
  }

  /**
   * One SSCAN page. Start with cursor {@code "0"}; the scan is complete when the returned page's
   * cursor is {@code "0"} again. A page may be empty while the cursor is not.
   */
  public Uni<Page> scan(String inst, String cursor, int count) {
    return runner
        .send(
            Request.cmd(Command.SSCAN)
                .arg(keys.instanceDevices(inst))
                .arg(cursor)
                .arg("COUNT")
                .arg(count))
        .map(
            reply -> {
              List<String> devices = new ArrayList<>();
              Response members = reply.get(1);
              for (int i = 0; i < members.size(); i++) {
                devices.add(members.get(i).toString());
              }
              return new Page(devices, reply.get(0).toString());
            });
  }

  /** One page of an index scan and the cursor that continues it ({@code "0"} when done). */
  public record Page(List<String> devices, String nextCursor) {
    public boolean isLast() {
      return "0".equals(nextCursor);
    }
  }
}
