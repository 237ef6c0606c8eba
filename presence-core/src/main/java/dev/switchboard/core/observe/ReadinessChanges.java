package dev.switchboard.core.observe;

import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Logs a service's readiness when it changes, once, with the reason: an operator sees "not ready:
 * redis unanswered for 10.2 s (grace 10 s)" once, not the whole health report on every probe. Going
 * not ready is expected in an outage and during a drain, so both directions are INFO.
 */
public final class ReadinessChanges {

  private static final Logger LOG = Logger.getLogger(ReadinessChanges.class);

  private final String service;
  private final AtomicReference<Boolean> last = new AtomicReference<>();

  public ReadinessChanges(String service) {
    this.service = service;
  }

  /** Records this probe's answer; logs when it differs from the previous one (not the first UP). */
  public void observe(boolean ready, String reason) {
    Boolean previous = last.getAndSet(ready);
    if (previous == null ? !ready : previous != ready) {
      if (ready) {
        LOG.infof("%s ready", service);
      } else {
        LOG.infof("%s not ready: %s", service, reason);
      }
    }
  }
}
