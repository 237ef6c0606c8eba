package dev.switchboard.client;

import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/**
 * The library's log lines, through {@link System.Logger} (java.util.logging unless the app binds
 * another backend): every line about a connection starts {@code device=… conn=…}, the fields the
 * edge logs too, so the two sides of one connection can be matched.
 */
final class ClientLog {

  private final System.Logger logger;

  private ClientLog(System.Logger logger) {
    this.logger = logger;
  }

  static ClientLog of(Class<?> type) {
    return new ClientLog(System.getLogger(type.getName()));
  }

  void log(Level level, String device, String conn, Supplier<String> message) {
    if (logger.isLoggable(level)) {
      logger.log(level, line(device, conn, message.get()));
    }
  }

  void log(Level level, String device, String conn, String message, Throwable error) {
    if (logger.isLoggable(level)) {
      logger.log(level, line(device, conn, message), error);
    }
  }

  private static String line(String device, String conn, String message) {
    return "device=" + device + " conn=" + conn + ": " + message;
  }
}
