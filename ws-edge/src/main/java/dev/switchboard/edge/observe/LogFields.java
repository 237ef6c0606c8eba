package dev.switchboard.edge.observe;

import dev.switchboard.core.observe.InstanceLogFilter;
import dev.switchboard.core.observe.LogKeys;
import dev.switchboard.edge.socket.EdgeConnection;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The structured fields on log lines about a connection ({@code device}, {@code conn}). The shared
 * log format prints them, so that a grep for one device or connection finds its whole story across
 * instances; {@code inst} is on every line of the process ({@link InstanceLogFilter}).
 */
public final class LogFields {

  private LogFields() {}

  /** Sets the instance id every line of this process carries. */
  public static void instance(String id) {
    InstanceLogFilter.instance(id);
  }

  /** Runs {@code log} with the connection's fields set, then clears them. */
  public static void about(EdgeConnection connection, Runnable log) {
    about(connection.device(), connection.conn(), log);
  }

  public static void about(String device, String conn, Runnable log) {
    onLoggableContext(
        () -> {
          MDC.put(LogKeys.DEVICE, device);
          MDC.put(LogKeys.CONN, conn);
          try {
            log.run();
          } finally {
            MDC.remove(LogKeys.DEVICE);
            MDC.remove(LogKeys.CONN);
          }
        });
  }

  /**
   * Quarkus keeps the MDC of Vert.x code in the current duplicated context: put on a connection's
   * context, the fields would leave an MDC map in it for the socket's life (an empty map and its
   * table, about 150 bytes: removing the keys keeps the map); on a root context (a timer's, the
   * Redis client's) they would never reach the log line. So each line runs in a fresh duplicated
   * context of its own, on the same thread, right away, and its MDC goes with it.
   */
  private static void onLoggableContext(Runnable body) {
    Context context = Vertx.currentContext();
    if (context == null) {
      body.run();
      return;
    }
    ((ContextInternal) VertxContext.createNewDuplicatedContext(context)).dispatch(body);
  }

  /** A debug line about a connection, only when debug is on (no context is made for nothing). */
  public static void debug(EdgeConnection connection, Logger log, String format, Object arg) {
    if (log.isDebugEnabled()) {
      about(connection, () -> log.debugf(format, arg));
    }
  }
}
