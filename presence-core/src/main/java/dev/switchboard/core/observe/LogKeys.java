package dev.switchboard.core.observe;

/**
 * Names of the structured fields on Switchboard log lines (MDC keys). The shared log format prints
 * every field a line carries; JSON records carry them under {@code mdc}.
 */
public final class LogKeys {

  /** The process: an edge's instance id, or the presence-api's or sweeper's process id. */
  public static final String INST = "inst";

  /** The device a line is about. */
  public static final String DEVICE = "device";

  /** The connection a line is about. */
  public static final String CONN = "conn";

  /** The name of the API key a presence-api request came with (never its secret). */
  public static final String KEY = "key";

  private LogKeys() {}
}
