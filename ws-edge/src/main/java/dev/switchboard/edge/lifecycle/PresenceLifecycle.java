package dev.switchboard.edge.lifecycle;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.ClaimResult;
import dev.switchboard.core.model.EventType;
import dev.switchboard.core.model.Holder;
import dev.switchboard.core.model.InboxMessage;
import dev.switchboard.core.model.PresenceEvent;
import dev.switchboard.core.model.ReclaimRequest;
import dev.switchboard.core.model.ReclaimResult;
import dev.switchboard.core.model.TakeoverPolicy;
import dev.switchboard.core.redis.InboxCodec;
import dev.switchboard.core.store.DeviceIndex;
import dev.switchboard.core.store.EventLog;
import dev.switchboard.core.store.Inbox;
import dev.switchboard.core.store.InstanceRegistry;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.limits.PendingClaims;
import dev.switchboard.edge.observe.EdgeMetrics;
import dev.switchboard.edge.observe.LogFields;
import dev.switchboard.edge.protocol.CloseCodes;
import dev.switchboard.edge.protocol.ServerFrames;
import dev.switchboard.edge.socket.EdgeConnection;
import dev.switchboard.edge.socket.EdgeConnection.EndReason;
import dev.switchboard.edge.socket.LocalConnections;
import io.quarkus.websockets.next.CloseReason;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What happens to a socket's presence, from open to close: index, claim, kick, welcome, release.
 * Claim and release of one socket are strictly ordered (the release waits for the claim), and the
 * release runs exactly once whatever ends the socket (client close, timeout, drain, kick).
 */
@ApplicationScoped
public class PresenceLifecycle {

  private static final Logger LOG = Logger.getLogger(PresenceLifecycle.class);

  private final EdgeSettings settings;
  private final PresenceStore store;
  private final DeviceIndex index;
  private final EventLog events;
  private final Inbox inbox;
  private final InstanceRegistry registry;
  private final LocalConnections local;
  private final EdgeMetrics metrics;
  private final EdgeState state;
  private final PendingClaims pendingClaims;

  public PresenceLifecycle(
      EdgeSettings settings,
      PresenceStore store,
      DeviceIndex index,
      EventLog events,
      Inbox inbox,
      InstanceRegistry registry,
      LocalConnections local,
      EdgeMetrics metrics,
      EdgeState state,
      PendingClaims pendingClaims) {
    this.pendingClaims = pendingClaims;
    this.settings = settings;
    this.store = store;
    this.index = index;
    this.events = events;
    this.inbox = inbox;
    this.registry = registry;
    this.local = local;
    this.metrics = metrics;
    this.state = state;
  }

  private String inst() {
    return settings.inst();
  }

  /** Index, claim, kick the previous holder, welcome. Completes when the socket is settled. */
  public Uni<Void> open(EdgeConnection c) {
    local.add(c);
    long started = System.nanoTime();
    return Uni.createFrom()
        .deferred(
            () -> {
              pendingClaims.begin(); // paired with the end() below, whatever ends the claim
              return index.add(inst(), c.device());
            })
        .chain(() -> claimRequest(c))
        .chain(store::claim)
        .onTermination()
        .invoke(pendingClaims::end)
        .onItem()
        .transformToUni(result -> settle(c, result, started))
        .onFailure()
        .recoverWithUni(
            failure -> {
              metrics.redisError();
              c.claim().complete(false);
              LogFields.about(
                  c, () -> LOG.warnf("claim failed, closing 1013: %s", failure.toString()));
              metrics.connect("redis_unavailable");
              return closeSocket(
                      c,
                      EndReason.REFUSED,
                      CloseCodes.TRY_AGAIN_LATER,
                      "presence store unavailable, try again later")
                  .chain(() -> undoUnsettledClaim(c));
            });
  }

  /**
   * A claim that timed out here may still run in Redis later (it sat in a busy connection's
   * pipeline): it would leave an entry for a socket that is gone, a zombie found in the churn
   * bench. The compensating release is routed down the same connection as the claim, so Redis runs
   * it after the claim whatever became of it; it deletes only this connection's entry. If it fails
   * too, the audit loop repairs the entry later.
   */
  private Uni<Void> undoUnsettledClaim(EdgeConnection c) {
    return store
        .release(c.device(), c.conn())
        .chain(released -> removeFromIndexUnlessReused(c))
        .onFailure()
        .invoke(
            failure ->
                LogFields.about(
                    c,
                    () -> LOG.warnf("undoing an unsettled claim failed: %s", failure.toString())))
        .onFailure()
        .recoverWithNull();
  }

  private Uni<ClaimRequest> claimRequest(EdgeConnection c) {
    if (settings.policy() != TakeoverPolicy.REJECT_NEW) {
      return Uni.createFrom().item(request(c, Optional.empty()));
    }
    // reject-new still lets a device whose pod died reconnect: name the holder's instance as stale
    // when its lease expired, so the claim script may replace it atomically.
    long ttlMs = settings.shared().lease().ttl().toMillis();
    return store
        .entry(c.device())
        .chain(
            entry -> {
              if (entry.isEmpty() || entry.get().owner().inst().equals(inst())) {
                return Uni.createFrom().item(request(c, Optional.<String>empty()));
              }
              String holderInst = entry.get().owner().inst();
              return registry
                  .leasesOf(List.of(holderInst))
                  .map(
                      leases -> {
                        boolean stale =
                            !leases.containsKey(holderInst)
                                || !leases.get(holderInst).isFresh(ttlMs);
                        return request(
                            c, stale ? Optional.of(holderInst) : Optional.<String>empty());
                      });
            });
  }

  private ClaimRequest request(EdgeConnection c, Optional<String> staleHolder) {
    return new ClaimRequest(
        c.device(),
        c.conn(),
        settings.owner(),
        c.addr(),
        Optional.empty(),
        settings.policy(),
        staleHolder,
        settings.flapLimit());
  }

  private Uni<Void> settle(EdgeConnection c, ClaimResult result, long startedNanos) {
    if (result instanceof ClaimResult.Claimed claimed) {
      c.epoch(claimed.epoch());
      c.claim().complete(true);
      metrics.claimLatency(Duration.ofNanos(System.nanoTime() - startedNanos));
      metrics.connect("accepted");
      claimed.replaced().ifPresent(holder -> takeOver(c, holder, claimed.epoch()));
      emit(EventType.ONLINE, c.device(), c.conn(), claimed.epoch());
      LogFields.debug(c, LOG, "online, epoch %d", claimed.epoch());
      send(
          c,
          ServerFrames.welcome(
              c.conn(),
              c.device(),
              claimed.epoch(),
              settings.edge().heartbeat().interval().toMillis(),
              settings.reconnect()));
      return Uni.createFrom().voidItem();
    }
    c.claim().complete(false);
    if (result instanceof ClaimResult.Refused refused) {
      metrics.connect("already_online");
      LogFields.about(
          c, () -> LOG.infof("refused: device online on %s (reject-new)", refused.holder().inst()));
      return closeSocket(
          c,
          EndReason.REFUSED,
          CloseCodes.ALREADY_ONLINE,
          "device already online (reject-new policy)");
    }
    ClaimResult.Flapping flapping = (ClaimResult.Flapping) result;
    metrics.flapRefused();
    metrics.connect("flapping");
    LogFields.about(
        c, () -> LOG.warnf("refused as flapping, retry after %d ms", flapping.retryAfterMs()));
    return closeSocket(
        c,
        EndReason.REFUSED,
        CloseCodes.FLAPPING,
        "flapping: too many takeovers; retry after " + flapping.retryAfterMs() + " ms");
  }

  private void takeOver(EdgeConnection newcomer, Holder previous, long epoch) {
    metrics.takeover();
    emit(EventType.REPLACED, newcomer.device(), previous.conn(), epoch);
    LogFields.about(
        newcomer,
        () -> LOG.infof("took over from conn %s on %s", previous.conn(), previous.inst()));
    if (previous.inst().equals(inst())) {
      local.byConn(previous.conn()).ifPresent(this::closeReplaced);
    } else {
      inbox
          .publish(
              previous.inst(),
              InboxCodec.encode(new InboxMessage.Kick(newcomer.device(), previous.conn())))
          .subscribe()
          .with(receivers -> {}, failure -> metrics.redisError());
    }
  }

  /** A newer connection owns the device: close with 4001; the entry is not ours to release. */
  public void closeReplaced(EdgeConnection c) {
    if (c.markClosing(EndReason.REPLACED)) {
      c.markReleased();
      LogFields.about(c, () -> LOG.info("replaced by a newer connection, closing 4001"));
      c.socket()
          .close(new CloseReason(CloseCodes.REPLACED, "replaced by a newer connection"))
          .subscribe()
          .with(ok -> {}, failure -> {});
    }
  }

  /**
   * Ends a socket from the server side: releases the entry right away (a dead peer may never
   * complete the close handshake), then closes the socket with the code.
   */
  public Uni<Void> forceClose(EdgeConnection c, EndReason reason, int code, String message) {
    if (!c.markClosing(reason)) {
      return Uni.createFrom().voidItem();
    }
    return release(c)
        .onFailure()
        .recoverWithNull()
        .chain(() -> c.socket().close(new CloseReason(code, message)))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** Like {@link #forceClose} but sends the close frame first (the peer is known to be alive). */
  public Uni<Void> closeThenRelease(EdgeConnection c, EndReason reason, int code, String message) {
    if (!c.markClosing(reason)) {
      return Uni.createFrom().voidItem();
    }
    return c.socket()
        .close(new CloseReason(code, message))
        .onFailure()
        .recoverWithNull()
        .chain(() -> release(c))
        .onFailure()
        .recoverWithNull();
  }

  private Uni<Void> closeSocket(EdgeConnection c, EndReason reason, int code, String message) {
    c.markClosing(reason);
    return c.socket().close(new CloseReason(code, message)).onFailure().recoverWithNull();
  }

  /** The socket is closed, whatever closed it: release (after the claim settled) exactly once. */
  public Uni<Void> closed(EdgeConnection c) {
    metrics.disconnect(c.endReason());
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

  private Uni<Void> release(EdgeConnection c) {
    if (!c.isClaimed() || !c.markReleased()) {
      return Uni.createFrom().voidItem();
    }
    return store
        .release(c.device(), c.conn())
        .invoke(
            released -> {
              if (released) {
                emit(EventType.OFFLINE, c.device(), c.conn(), c.epoch());
              }
              LogFields.debug(c, LOG, "released (entry was ours: %s)", released);
            })
        .chain(released -> removeFromIndexUnlessReused(c))
        .onFailure()
        .invoke(f -> metrics.redisError());
  }

  private Uni<Void> removeFromIndexUnlessReused(EdgeConnection c) {
    if (local.hasOtherThan(c.device(), c)) {
      return Uni.createFrom().voidItem();
    }
    return index.remove(inst(), c.device());
  }

  /** Sends a frame unless the connection's outbound queue is full: then it is cut off (1008). */
  public void send(EdgeConnection c, String frame) {
    if (c.pendingSends().incrementAndGet() > settings.edge().limits().outboundQueue()) {
      c.pendingSends().decrementAndGet();
      if (!c.isClosing()) {
        metrics.slowConsumer();
        LogFields.about(c, () -> LOG.warn("slow consumer: outbound queue full, closing 1008"));
        forceClose(
                c, EndReason.SLOW_CONSUMER, CloseCodes.POLICY, "slow consumer: outbound queue full")
            .subscribe()
            .with(ok -> {}, failure -> {});
      }
      return;
    }
    c.socket()
        .sendText(frame)
        .subscribe()
        .with(
            ok -> c.pendingSends().decrementAndGet(),
            failure -> c.pendingSends().decrementAndGet());
  }

  /** Handles a message from this instance's inbox. */
  public void onInbox(InboxMessage message) {
    Optional<EdgeConnection> target =
        local.byConn(message.conn()).filter(c -> c.device().equals(message.device()));
    if (message instanceof InboxMessage.Kick) {
      target.ifPresent(this::closeReplaced);
    } else if (message instanceof InboxMessage.Deliver deliver) {
      if (target.isPresent() && !target.get().isClosing()) {
        send(target.get(), ServerFrames.message(deliver.id(), deliver.payloadJson()));
        metrics.messageRouted("delivered");
      } else {
        metrics.messageRouted("not_connected");
      }
    }
  }

  /**
   * After Redis came back (possibly empty): re-register the instance, rebuild the index, reclaim
   * every local socket, and close the ones another connection took over meanwhile.
   */
  public Uni<Void> reclaimAll() {
    List<EdgeConnection> open =
        local.all().stream().filter(c -> c.isClaimed() && !c.isClosing()).toList();
    return registry
        .register(
            new dev.switchboard.core.model.InstanceInfo(
                settings.owner(), settings.edge().version()))
        .chain(
            () ->
                index.addAll(inst(), open.stream().map(EdgeConnection::device).distinct().toList()))
        .chain(() -> store.reclaimAll(open.stream().map(this::reclaimRequest).toList()))
        .invoke(
            results -> {
              int recreated = 0;
              for (int i = 0; i < results.size(); i++) {
                ReclaimResult result = results.get(i);
                EdgeConnection c = open.get(i);
                if (result instanceof ReclaimResult.Recreated r) {
                  recreated++;
                  c.epoch(r.epoch());
                } else if (result instanceof ReclaimResult.TakenOver) {
                  closeReplaced(c);
                }
              }
              metrics.orphansRepaired(recreated);
              open.stream()
                  .filter(c -> c.isReleased() && c.endReason() != EndReason.REPLACED)
                  .forEach(c -> undoIfReleasedMeanwhile(c).subscribe().with(ok -> {}, f -> {}));
              int count = recreated;
              LogFields.instanceScope(
                  () ->
                      LOG.infof(
                          "reclaimed %d sockets after Redis recovery (%d recreated)",
                          open.size(), count));
            })
        .replaceWithVoid();
  }

  /** Re-asserts one socket whose entry went missing; closes it if another connection took over. */
  public Uni<Void> reclaimOne(EdgeConnection c) {
    if (c.isReleased() || c.isClosing()) {
      return Uni.createFrom().voidItem();
    }
    return index
        .add(inst(), c.device())
        .chain(() -> store.reclaim(reclaimRequest(c)))
        .chain(
            result -> {
              if (result instanceof ReclaimResult.TakenOver) {
                closeReplaced(c);
              } else if (result instanceof ReclaimResult.Recreated r) {
                c.epoch(r.epoch());
                metrics.orphansRepaired(1);
              }
              return undoIfReleasedMeanwhile(c);
            });
  }

  /**
   * A reclaim can race the socket's own release (the socket closed while the reclaim was in flight)
   * and re-create an entry nobody will release: a zombie. The release marks the connection before
   * it sends its script, so checking the mark after the reclaim and releasing again closes that
   * window whichever of the two scripts Redis ran first.
   */
  private Uni<Void> undoIfReleasedMeanwhile(EdgeConnection c) {
    if (!c.isReleased() || c.endReason() == EndReason.REPLACED) {
      return Uni.createFrom().voidItem();
    }
    return store.release(c.device(), c.conn()).replaceWithVoid();
  }

  public ReclaimRequest reclaimRequest(EdgeConnection c) {
    return new ReclaimRequest(
        c.device(), c.conn(), settings.owner(), c.addr(), Optional.empty(), c.openedAtMs());
  }

  private void emit(EventType type, String device, String conn, long epoch) {
    events
        .append(new PresenceEvent(type, device, conn, inst(), settings.owner().pod(), epoch))
        .subscribe()
        .with(id -> {}, failure -> metrics.redisError());
  }
}
