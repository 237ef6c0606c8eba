package dev.switchboard.edge.observe;

import dev.switchboard.edge.socket.EdgeConnection;
import org.jboss.logging.MDC;

/**
 * The structured fields on every log line about a connection. The log format prints them, so that a
 * grep for one device or connection finds its whole story across instances.
 */
public final class LogFields {

  public static final String DEVICE = "device";
  public static final String CONN = "conn";
  public static final String INST = "inst";

  private LogFields() {}

  /** Sets the instance id for every line of this process. */
  public static void instance(String id) {
    inst = id;
    MDC.put(INST, id);
  }

  private static volatile String inst = "";

  /**
   * Runs {@code log} with the connection's fields set, then clears them. On a connection's Vert.x
   * context the MDC is a map kept in that context for the socket's life (about 0.5 KB), so callers
   * check the level first for lines that are usually off.
   */
  public static void about(EdgeConnection connection, Runnable log) {
    about(connection.device(), connection.conn(), log);
  }

  public static void about(String device, String conn, Runnable log) {
    MDC.put(INST, inst);
    MDC.put(DEVICE, device);
    MDC.put(CONN, conn);
    try {
      log.run();
    } finally {
      MDC.remove(DEVICE);
      MDC.remove(CONN);
    }
  }

  /** Runs {@code log} with the instance field set (lines about the instance, not one socket). */
  public static void instanceScope(Runnable log) {
    MDC.put(INST, inst);
    log.run();
  }
}
