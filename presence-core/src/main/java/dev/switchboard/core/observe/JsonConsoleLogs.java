package dev.switchboard.core.observe;

import dev.switchboard.core.config.SwitchboardConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.JsonFormatter;
import org.jboss.logmanager.formatters.StructuredFormatter.ExceptionOutputType;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * With {@code switchboard.log.json=true}, the console writes one JSON object per record, made by
 * JBoss LogManager's own {@link JsonFormatter} (the logging Quarkus ships; its JSON extension is
 * not served here). Quarkus offers no runtime setting for a console formatter, so the formatter is
 * swapped as the first thing the application does; only lines Quarkus writes while it boots (none
 * on a normal start) come before it.
 */
@ApplicationScoped
public class JsonConsoleLogs {

  void apply(@Observes @Priority(1) StartupEvent event, SwitchboardConfig config) {
    if (config.log().json()) {
      install();
    }
  }

  /** Gives every console handler of the root logger the JSON formatter; returns how many. */
  public static int install() {
    return install(LogContext.getLogContext().getLogger("").getHandlers());
  }

  /** The formatter: ISO-8601 timestamps, the MDC fields, exceptions as one formatted string. */
  public static JsonFormatter formatter() {
    JsonFormatter json = new JsonFormatter();
    json.setPrintDetails(false);
    json.setDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    json.setExceptionOutputType(ExceptionOutputType.FORMATTED);
    return json;
  }

  private static int install(Handler[] handlers) {
    int switched = 0;
    for (Handler handler : handlers) {
      if (handler instanceof ConsoleHandler console) {
        console.setFormatter(formatter());
        switched++;
      } else if (handler instanceof ExtHandler parent) {
        switched += install(parent.getHandlers());
      }
    }
    return switched;
  }
}
