package dev.switchboard.edge.lifecycle;

import dev.switchboard.core.model.InstanceInfo;
import dev.switchboard.core.model.ReclaimRequest;
import dev.switchboard.core.model.ReclaimResult;
import dev.switchboard.core.store.DeviceIndex;
import dev.switchboard.core.store.InstanceRegistry;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.observe.EdgeMetrics;
import dev.switchboard.edge.observe.LogFields;
import dev.switchboard.edge.socket.EdgeConnection;
import dev.switchboard.edge.socket.LocalConnections;
import dev.switchboard.edge.socket.SocketEnd;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Re-asserts live sockets whose entries went missing (Redis restarted empty, a sweeper judged this
 * instance dead while it lived): re-create the entry if absent, keep it if still ours, close the
 * socket if another connection took the device meanwhile.
 */
@ApplicationScoped
public class Reclaimer {

  private static final Logger LOG = Logger.getLogger(Reclaimer.class);

  private final EdgeSettings settings;
  private final PresenceStore store;
  private final DeviceIndex index;
  private final InstanceRegistry registry;
  private final LocalConnections local;
  private final EdgeMetrics metrics;
  private final SocketCloser closer;
  private final PresenceEvents events;
  private final Kicks kicks;

  public Reclaimer(
      EdgeSettings settings,
      PresenceStore store,
      DeviceIndex index,
      InstanceRegistry registry,
      LocalConnections local,
      EdgeMetrics metrics,
      SocketCloser closer,
      PresenceEvents events,
      Kicks kicks) {
    this.settings = settings;
    this.store = store;
    this.index = index;
    this.registry = registry;
    this.local = local;
    this.metrics = metrics;
    this.closer = closer;
    this.events = events;
    this.kicks = kicks;
  }

  /**
   * After Redis came back (possibly empty): re-register the instance, rebuild the index, reclaim
   * every local socket, and close the ones another connection took over meanwhile.
   */
  public Uni<Void> reclaimAll() {
    List<EdgeConnection> open =
        local.all().stream().filter(c -> c.isClaimed() && !c.isClosing()).toList();
    return registry
        .register(new InstanceInfo(settings.owner(), settings.edge().version()))
        .chain(
            () ->
                index.addAll(
                    settings.inst(), open.stream().map(EdgeConnection::device).distinct().toList()))
        .chain(() -> store.reclaimAll(open.stream().map(this::reclaimRequest).toList()))
        .invoke(
            results -> {
              int recreated = 0;
              for (int i = 0; i < results.size(); i++) {
                ReclaimResult result = results.get(i);
                EdgeConnection c = open.get(i);
                if (repaired(c, result)) {
                  recreated++;
                } else if (result instanceof ReclaimResult.TakenOver) {
                  closer.closeReplaced(c);
                }
              }
              metrics.orphansRepaired(recreated);
              open.stream()
                  .filter(c -> c.isReleased() && c.end() != SocketEnd.REPLACED)
                  .forEach(c -> undoIfReleasedMeanwhile(c).subscribe().with(ok -> {}, f -> {}));
              int count = recreated;
              LOG.infof(
                  "reclaimed %d sockets after Redis recovery (%d recreated)", open.size(), count);
            })
        .replaceWithVoid();
  }

  /** Re-asserts one socket whose entry went missing; closes it if another connection took over. */
  public Uni<Void> reclaimOne(EdgeConnection c) {
    if (c.isReleased() || c.isClosing()) {
      return Uni.createFrom().voidItem();
    }
    return index
        .add(settings.inst(), c.device())
        .chain(() -> store.reclaim(reclaimRequest(c)))
        .chain(
            result -> {
              if (result instanceof ReclaimResult.TakenOver) {
                closer.closeReplaced(c);
              } else if (repaired(c, result)) {
                metrics.orphansRepaired(1);
              }
              return undoIfReleasedMeanwhile(c);
            });
  }

  /**
   * The socket owns a re-created or re-asserted entry under a new epoch: remember the epoch and
   * tell the event stream (a repair is a change of who holds the device).
   */
  private boolean repaired(EdgeConnection c, ReclaimResult result) {
    long epoch;
    if (result instanceof ReclaimResult.Recreated r) {
      epoch = r.epoch();
    } else if (result instanceof ReclaimResult.Reasserted r) {
      epoch = r.epoch();
      LogFields.about(
          c,
          () ->
              LOG.infof(
                  "re-asserted over an older holder (conn %s on %s) that a Redis restore or"
                      + " failover brought back",
                  r.older().conn(), r.older().inst()));
      kicks.kick(c.device(), r.older());
    } else {
      return false;
    }
    c.epoch(epoch);
    events.repaired(c.device(), c.conn(), epoch);
    return true;
  }

  /**
   * A reclaim can race the socket's own release (the socket closed while the reclaim was in flight)
   * and re-create an entry nobody will release: a zombie. The release marks the connection before
   * it sends its script, so checking the mark after the reclaim and releasing again closes that
   * window whichever of the two scripts Redis ran first.
   */
  private Uni<Void> undoIfReleasedMeanwhile(EdgeConnection c) {
    if (!c.isReleased() || c.end() == SocketEnd.REPLACED) {
      return Uni.createFrom().voidItem();
    }
    return store.release(c.device(), c.conn()).replaceWithVoid();
  }

  private ReclaimRequest reclaimRequest(EdgeConnection c) {
    return new ReclaimRequest(
        c.device(),
        c.conn(),
        c.epoch(),
        settings.owner(),
        c.addr(),
        Optional.empty(),
        c.openedAtMs());
  }
}
