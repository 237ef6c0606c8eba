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
   * Quarkus keeps the MDC of Vert.x code in the current duplicated context; on a root context (a
   * timer's, the Redis client's) fields put there never reach the log line. Such lines run in a
   * fresh duplicated context of their own, on the same thread, right away.
   */
  private static void onLoggableContext(Runnable body) {
    Context context = Vertx.currentContext();
    if (context == null || VertxContext.isDuplicatedContext(context)) {
      body.run();
      return;
    }
    ((ContextInternal) VertxContext.createNewDuplicatedContext(context)).dispatch(body);
  }

  /**
   * A debug line about a connection, only when debug is on: on a connection's Vert.x context the
   * MDC is a map kept in that context for the socket's life, not worth creating for a line that is
   * not written.
   */
  public static void debug(EdgeConnection connection, Logger log, String format, Object arg) {
    if (log.isDebugEnabled()) {
      about(connection, () -> log.debugf(format, arg));
    }
  }
}
