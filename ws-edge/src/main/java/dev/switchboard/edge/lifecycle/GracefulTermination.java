package dev.switchboard.edge.lifecycle;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * Turns SIGTERM into Quarkus's own graceful exit with status 0. The JVM's default reports 143 for a
 * drain that went perfectly, and Kubernetes shows that as an error; the drain itself is the same
 * either way (shutdown delay, then {@link Drainer}).
 */
@ApplicationScoped
public class GracefulTermination {

  private static final Logger LOG = Logger.getLogger(GracefulTermination.class);

  void install(@Observes StartupEvent event) {
    if (LaunchMode.current() != LaunchMode.NORMAL) {
      return;
    }
    try {
      Signal.handle(
          new Signal("TERM"),
          signal -> {
            LOG.info("SIGTERM: draining, then exiting 0");
            Quarkus.asyncExit(0);
          });
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.debugf("SIGTERM handler not installed (%s); the JVM default applies", e.toString());
    }
  }
}
