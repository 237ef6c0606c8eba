package dev.switchboard.edge.lifecycle;

import dev.switchboard.edge.config.EdgeSettings;
import dev.switchboard.edge.observe.EdgeMetrics;
import dev.switchboard.edge.observe.LogFields;
import dev.switchboard.edge.socket.EdgeConnection;
import dev.switchboard.edge.socket.SocketEnd;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Sends frames to clients within the outbound bound ({@code limits.outbound-queue}); a client that
 * falls that far behind is cut off with 1008 instead of being buffered without limit (P7).
 */
@ApplicationScoped
public class Outbound {

  private static final Logger LOG = Logger.getLogger(Outbound.class);

  private final int bound;
  private final SocketCloser closer;
  private final EdgeMetrics metrics;

  public Outbound(EdgeSettings settings, SocketCloser closer, EdgeMetrics metrics) {
    this.bound = settings.edge().limits().outboundQueue();
    this.closer = closer;
    this.metrics = metrics;
  }

  /** Sends a frame, or cuts the slow consumer off when its queue is full. */
  public void send(EdgeConnection c, String frame) {
    if (c.trySend(frame, bound) || c.isClosing()) {
      return;
    }
    metrics.slowConsumer();
    LogFields.about(c, () -> LOG.warn("slow consumer: outbound queue full, closing 1008"));
    closer.forceClose(c, SocketEnd.SLOW_CONSUMER).subscribe().with(ok -> {}, failure -> {});
  }
}
