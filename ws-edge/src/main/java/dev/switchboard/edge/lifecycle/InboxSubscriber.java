package dev.switchboard.edge.lifecycle;

import dev.switchboard.core.model.InboxMessage;
import dev.switchboard.core.store.Inbox;
import dev.switchboard.core.store.InboxSubscription;
import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.delivery.Deliveries;
import dev.switchboard.edge.observe.EdgeMetrics;
import dev.switchboard.edge.protocol.ServerFrames;
import dev.switchboard.edge.socket.EdgeConnection;
import dev.switchboard.edge.socket.LocalConnections;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * This instance's inbox: kicks from other edges (a newer connection took a device), messages the
 * presence-api routes to a local socket, and wakes for durable messages stored for one. The
 * subscription itself, and its recovery after a Redis restart, is presence-core's.
 */
@ApplicationScoped
public class InboxSubscriber {

  private final Inbox inbox;
  private final EdgeSettings settings;
  private final LocalConnections local;
  private final SocketCloser closer;
  private final Outbound outbound;
  private final EdgeMetrics metrics;
  private final Deliveries deliveries;
  private volatile InboxSubscription subscription;

  public InboxSubscriber(
      Inbox inbox,
      EdgeSettings settings,
      LocalConnections local,
      SocketCloser closer,
      Outbound outbound,
      EdgeMetrics metrics,
      Deliveries deliveries) {
    this.inbox = inbox;
    this.settings = settings;
    this.local = local;
    this.closer = closer;
    this.outbound = outbound;
    this.metrics = metrics;
    this.deliveries = deliveries;
  }

  public boolean isSubscribed() {
    InboxSubscription current = subscription;
    return current != null && current.isSubscribed();
  }

  void start() {
    subscription = inbox.subscribe(settings.inst(), this::dispatch, deliveries::wakeAll);
  }

  void stop(@Observes ShutdownEvent event) {
    InboxSubscription current = subscription;
    if (current != null) {
      current.close();
    }
  }

  /** Handles one inbox message; public so tests can drive it without Redis. */
  public void dispatch(InboxMessage message) {
    Optional<EdgeConnection> target =
        local.byConn(message.conn()).filter(c -> c.device().equals(message.device()));
    if (message instanceof InboxMessage.Kick) {
      target.ifPresent(closer::closeReplaced);
    } else if (message instanceof InboxMessage.Wake) {
      // also while its claim is settling: the store saw it as the owner, so its claim's "nothing
      // pending" is older than this message; the window keeps the wake until the welcome
      target.ifPresent(deliveries::wake);
    } else if (message instanceof InboxMessage.Deliver deliver) {
      if (target.isPresent() && !target.get().isClosing()) {
        outbound.send(target.get(), ServerFrames.message(deliver.id(), deliver.payloadJson()));
        metrics.messageRouted(true);
      } else {
        metrics.messageRouted(false);
      }
    }
  }
}
