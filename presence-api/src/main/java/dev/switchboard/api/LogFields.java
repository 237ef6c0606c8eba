package dev.switchboard.api;

/** Names of the structured fields on presence-api log lines (the log format prints them). */
public final class LogFields {

  /** The name of the API key the request came with (never its secret). */
  public static final String KEY = "key";

  private LogFields() {}
}
