package dev.switchboard.testsupport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;

/**
 * Records what this JVM logs (through JBoss LogManager, as every Quarkus test does) while open: for
 * tests about what a service tells its operators, and at which level.
 */
public final class CapturedLog implements AutoCloseable {

  /** One record: level name, logger, formatted message and its structured fields. */
  public record Line(String level, String logger, String message, Map<String, String> fields) {

    public boolean isWarnOrError() {
      return level.equals("WARN") || level.equals("ERROR");
    }
  }

  private final ConcurrentLinkedQueue<Line> lines = new ConcurrentLinkedQueue<>();
  private final Logger root = LogContext.getLogContext().getLogger("");
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          ExtLogRecord ext = ExtLogRecord.wrap(record);
          lines.add(
              new Line(
                  levelName(ext.getLevel().intValue()),
                  String.valueOf(ext.getLoggerName()),
                  ext.getFormattedMessage(),
                  Map.copyOf(ext.getMdcCopy())));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private static String levelName(int value) {
    if (value >= java.util.logging.Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (value >= java.util.logging.Level.WARNING.intValue()) {
      return "WARN";
    }
    if (value >= java.util.logging.Level.INFO.intValue()) {
      return "INFO";
    }
    return value >= org.jboss.logmanager.Level.DEBUG.intValue() ? "DEBUG" : "TRACE";
  }

  private CapturedLog() {
    root.addHandler(handler);
  }

  /** Starts recording. */
  public static CapturedLog start() {
    return new CapturedLog();
  }

  /** Every record so far, in order. */
  public List<Line> lines() {
    return List.copyOf(lines);
  }

  /** Records at WARN or ERROR so far. */
  public List<Line> warningsAndErrors() {
    return lines().stream().filter(Line::isWarnOrError).toList();
  }

  @Override
  public void close() {
    root.removeHandler(handler);
  }
}
