package dev.switchboard.core.observe;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Puts this process's {@code inst} on every log record, whichever thread or library wrote it, so a
 * line from Quarkus, Vert.x or a timer can be told apart by process as well as one about a socket.
 * Installed on the console by {@code quarkus.log.console.filter} (presence-core's shared config).
 */
@LoggingFilter(name = InstanceLogFilter.NAME)
public final class InstanceLogFilter implements Filter {

  /** The filter's name in {@code quarkus.log.console.filter}. */
  public static final String NAME = "switchboard-inst";

  private static volatile String inst;

  /** Sets the id every record of this process carries from now on. */
  public static void instance(String id) {
    inst = id;
  }

  @Override
  public boolean isLoggable(LogRecord record) {
    String id = inst;
    if (id != null && record instanceof ExtLogRecord ext && ext.getMdc(LogKeys.INST) == null) {
      ext.putMdc(LogKeys.INST, id);
    }
    return true;
  }
}
