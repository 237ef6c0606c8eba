package dev.switchboard.edge.lifecycle;

import dev.switchboard.core.model.EventType;
import dev.switchboard.core.store.DeviceIndex;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.observe.EdgeMetrics;
import dev.switchboard.edge.observe.LogFields;
import dev.switchboard.edge.socket.EdgeConnection;
import dev.switchboard.edge.socket.LocalConnections;
import dev.switchboard.edge.socket.SocketEnd;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The one way a socket ends: the close frame its {@link SocketEnd} names, and the release of its
 * entry exactly once (after its claim settled), whatever ended it — client close, timeout, drain,
 * kick or refusal (P2, P3).
 */
@ApplicationScoped
public class SocketCloser {

  private static final Logger LOG = Logger.getLogger(SocketCloser.class);

  private final EdgeSettings settings;
  private final PresenceStore store;
  private final DeviceIndex index;
  private final LocalConnections local;
  private final PresenceEvents events;
  private final EdgeMetrics metrics;

  public SocketCloser(
      EdgeSettings settings,
      PresenceStore store,
      DeviceIndex index,
      LocalConnections local,
      PresenceEvents events,
      EdgeMetrics metrics) {
    this.settings = settings;
    this.store = store;
    this.index = index;
    this.local = local;
    this.events = events;
    this.metrics = metrics;
  }

  /** A newer connection owns the device: close with 4001; the entry is not ours to release. */
  public void closeReplaced(EdgeConnection c) {
    if (c.markClosing(SocketEnd.REPLACED)) {
      c.markReleased();
      LogFields.about(c, () -> LOG.info("replaced by a newer connection, closing 4001"));
      close(c, SocketEnd.REPLACED).subscribe().with(ok -> {}, failure -> {});
    }
  }

  /**
   * Ends a socket from the server side: sends the close frame and releases the entry at once,
   * neither waiting for the other. A dead peer may never complete the close handshake, so the
   * release does not wait for it; a slow Redis must not hold back the close frame either, or the
   * client sees its socket drop without one.
   */
  public Uni<Void> forceClose(EdgeConnection c, SocketEnd end) {
    if (!c.markClosing(end)) {
      return Uni.createFrom().voidItem();
    }
    return Uni.join()
        .all(close(c, end), release(c).onFailure().recoverWithNull())
        .andCollectFailures()
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** Like {@link #forceClose} but sends the close frame first (the peer is known to be alive). */
  public Uni<Void> closeThenRelease(EdgeConnection c, SocketEnd end, String detail) {
    if (!c.markClosing(end)) {
      return Uni.createFrom().voidItem();
    }
    return closeUnlessClosed(c.socket(), end.closeReason(detail))
        .chain(() -> release(c))
        .onFailure()
        .recoverWithNull();
  }

  /** Turns away a socket that never settled a claim: close only, there is nothing to release. */
  public Uni<Void> refuse(EdgeConnection c, SocketEnd end) {
    c.markClosing(end);
    return close(c, end);
  }

  /** Like {@link #refuse(EdgeConnection, SocketEnd)}, with a detail such as a retry hint. */
  public Uni<Void> refuse(EdgeConnection c, SocketEnd end, String detail) {
    c.markClosing(end);
    return closeUnlessClosed(c.socket(), end.closeReason(detail));
  }

  /** The socket is closed, whatever closed it: release (after the claim settled) exactly once. */
  public Uni<Void> closed(EdgeConnection c) {
    metrics.disconnect(c.end());
    return Uni.createFrom()
        .completionStage(c.claim().exceptionally(failure -> false))
        .chain(claimed -> release(c))
        .onFailure()
        .invoke(
            failure ->
                LogFields.about(c, () -> LOG.warnf("release failed: %s", failure.toString())))
        .onFailure()
        .recoverWithNull()
        .eventually(() -> local.remove(c))
        .replaceWithVoid();
  }

  /**
   * Drops the device from this instance's index unless another socket of the device on this edge
   * still holds it (the index is the sweeper's list of what to clean up after a crash).
   */
  Uni<Void> removeFromIndexUnlessReused(EdgeConnection c) {
    if (local.hasOtherThan(c.device(), c)) {
      return Uni.createFrom().voidItem();
    }
    return index.remove(settings.inst(), c.device());
  }

  private Uni<Void> close(EdgeConnection c, SocketEnd end) {
    CloseReason reason = end.closeReason().orElse(CloseReason.NORMAL);
    return closeUnlessClosed(c.socket(), reason);
  }

  /**
   * Closes a socket unless it is closed already: a client closing while its kick, its cut-off or
   * its refusal is on the way is an expected event, which Quarkus would log at WARN ("Connection
   * already closed") for every such socket of a churn.
   */
  public static Uni<Void> closeUnlessClosed(WebSocketConnection socket, CloseReason reason) {
    if (socket.isClosed()) {
      return Uni.createFrom().voidItem();
    }
    return socket.close(reason).onFailure().recoverWithNull().replaceWithVoid();
  }

  private Uni<Void> release(EdgeConnection c) {
    if (!c.isClaimed() || !c.markReleased()) {
      return Uni.createFrom().voidItem();
    }
    return store
        .release(c.device(), c.conn())
        .invoke(
            released -> {
              if (released) {
                events.emit(EventType.OFFLINE, c.device(), c.conn(), c.epoch());
              }
              LogFields.debug(c, LOG, "released (entry was ours: %s)", released);
            })
        .chain(released -> removeFromIndexUnlessReused(c))
        .onFailure()
        .invoke(f -> metrics.redisError());
  }
}
