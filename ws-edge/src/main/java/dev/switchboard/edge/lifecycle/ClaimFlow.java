package dev.switchboard.edge.lifecycle;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.ClaimResult;
import dev.switchboard.core.model.EventType;
import dev.switchboard.core.model.Holder;
import dev.switchboard.core.model.TakeoverPolicy;
import dev.switchboard.core.redis.RedisFailures;
import dev.switchboard.core.store.DeviceIndex;
import dev.switchboard.core.store.InstanceRegistry;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.delivery.Deliveries;
import dev.switchboard.edge.limits.PendingClaims;
import dev.switchboard.edge.observe.ConnectResult;
import dev.switchboard.edge.observe.EdgeMetrics;
import dev.switchboard.edge.observe.LogFields;
import dev.switchboard.edge.protocol.ServerFrames;
import dev.switchboard.edge.socket.EdgeConnection;
import dev.switchboard.edge.socket.LocalConnections;
import dev.switchboard.edge.socket.SocketEnd;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * A new socket takes the device: index and claim (pipelined, the index add first), kick the
 * previous holder, welcome (P2, P4). A claim that failed or timed out is undone; a refused one
 * closes with the code its outcome names.
 */
@ApplicationScoped
public class ClaimFlow {

  private static final Logger LOG = Logger.getLogger(ClaimFlow.class);

  private final EdgeSettings settings;
  private final PresenceStore store;
  private final DeviceIndex index;
  private final Kicks kicks;
  private final InstanceRegistry registry;
  private final LocalConnections local;
  private final EdgeMetrics metrics;
  private final PendingClaims pendingClaims;
  private final SocketCloser closer;
  private final Outbound outbound;
  private final PresenceEvents events;
  private final Deliveries deliveries;

  public ClaimFlow(
      EdgeSettings settings,
      PresenceStore store,
      DeviceIndex index,
      Kicks kicks,
      InstanceRegistry registry,
      LocalConnections local,
      EdgeMetrics metrics,
      PendingClaims pendingClaims,
      SocketCloser closer,
      Outbound outbound,
      PresenceEvents events,
      Deliveries deliveries) {
    this.settings = settings;
    this.store = store;
    this.index = index;
    this.kicks = kicks;
    this.registry = registry;
    this.local = local;
    this.metrics = metrics;
    this.pendingClaims = pendingClaims;
    this.closer = closer;
    this.outbound = outbound;
    this.events = events;
    this.deliveries = deliveries;
  }

  /** Index, claim, kick the previous holder, welcome. Completes when the socket is settled. */
  public Uni<Void> open(EdgeConnection c) {
    local.add(c);
    long started = System.nanoTime();
    return Uni.createFrom()
        .deferred(
            () -> {
              pendingClaims.begin(); // paired with the end() below, whatever ends the claim
              return claimRequest(c);
            })
        // the index add goes ahead of the claim, in the same write (the index is a superset)
        .chain(request -> store.claimIndexed(index, settings.inst(), request))
        .onTermination()
        .invoke(pendingClaims::end)
        .onItem()
        .transformToUni(result -> settle(c, result, started))
        .onFailure()
        .recoverWithUni(
            failure -> {
              metrics.redisError();
              c.claim().complete(false);
              logFailure(c, "claim failed, closing 1013: %s", failure);
              metrics.connect(ConnectResult.REDIS_UNAVAILABLE);
              long retryMs =
                  settings.reconnect().shedRetryMs(ThreadLocalRandom.current().nextDouble());
              return closer
                  .refuse(c, SocketEnd.STORE_UNAVAILABLE, "try again in " + retryMs + " ms")
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
        .chain(released -> closer.removeFromIndexUnlessReused(c))
        .onFailure()
        .invoke(failure -> logFailure(c, "undoing an unsettled claim failed: %s", failure))
        .onFailure()
        .recoverWithNull();
  }

  /**
   * An unreachable or slow Redis is an expected event (the refusal summary counts the connects it
   * costs): DEBUG per socket. Anything else, an error reply say, is a fault worth a WARN.
   */
  private static void logFailure(EdgeConnection c, String format, Throwable failure) {
    if (RedisFailures.isUnavailable(failure)) {
      LogFields.debug(c, LOG, format, RedisFailures.describe(failure));
    } else {
      LogFields.about(c, () -> LOG.warnf(format, RedisFailures.describe(failure)));
    }
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
              if (entry.isEmpty() || entry.get().owner().inst().equals(settings.inst())) {
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
      metrics.connect(ConnectResult.ACCEPTED);
      claimed.replaced().ifPresent(holder -> takeOver(c, holder, claimed.epoch()));
      events.emit(EventType.ONLINE, c.device(), c.conn(), claimed.epoch());
      LogFields.debug(c, LOG, "online, epoch %d", claimed.epoch());
      outbound.send(
          c,
          ServerFrames.welcome(
              c.conn(),
              c.device(),
              claimed.epoch(),
              settings.edge().heartbeat().interval().toMillis(),
              settings.reconnect(),
              deliveries.window()));
      deliveries.start(c, claimed.outboxPending());
      return Uni.createFrom().voidItem();
    }
    c.claim().complete(false);
    if (result instanceof ClaimResult.Refused refused) {
      metrics.connect(ConnectResult.ALREADY_ONLINE);
      LogFields.debug(c, LOG, "refused: device online on %s (reject-new)", refused.holder().inst());
      return closer.refuse(c, SocketEnd.ALREADY_ONLINE);
    }
    ClaimResult.Flapping flapping = (ClaimResult.Flapping) result;
    metrics.flapRefused();
    metrics.connect(ConnectResult.FLAPPING);
    LogFields.debug(c, LOG, "refused as flapping, retry after %d ms", flapping.retryAfterMs());
    return closer.refuse(c, SocketEnd.FLAPPING, "retry after " + flapping.retryAfterMs() + " ms");
  }

  private void takeOver(EdgeConnection newcomer, Holder previous, long epoch) {
    metrics.takeover();
    events.emit(EventType.REPLACED, newcomer.device(), previous.conn(), epoch);
    LogFields.about(
        newcomer,
        () -> LOG.infof("took over from conn %s on %s", previous.conn(), previous.inst()));
    kicks.kick(newcomer.device(), previous);
  }
}
