package dev.switchboard.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What an operator must find, and must not, in a packaged service's log ({@link PackagedApp}): a
 * normal life pages no one and every record carries {@code inst}; a start refused for bad settings
 * says so in one short block naming each, without a stack trace. Each check returns its problems,
 * empty when there are none.
 */
public final class PackagedAppLog {

  private PackagedAppLog() {}

  /** A normal life's log: every WARN or ERROR record, every record without {@code inst}. */
  public static List<String> normalLifeProblems(String log) {
    List<String> problems = new ArrayList<>();
    List<String> records = AppLog.records(log);
    if (records.isEmpty()) {
      problems.add("no log record at all");
    }
    AppLog.warningsAndErrors(log).forEach(line -> problems.add("a WARN or ERROR: " + line));
    records.stream()
        .filter(line -> !line.contains("inst="))
        .forEach(line -> problems.add("no inst: " + line));
    return problems;
  }

  /**
   * Waits up to {@code timeout} for a start that bad settings must refuse, then checks its log as
   * {@link #refusedStartProblems(String, int, List)} does.
   */
  public static List<String> refusedStartProblems(
      PackagedApp app, Duration timeout, String... expectedLines) throws InterruptedException {
    if (!app.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return List.of("still running after " + timeout + ":\n" + app.output());
    }
    return refusedStartProblems(app.output(), app.process.exitValue(), List.of(expectedLines));
  }

  /**
   * A refused start: a non-zero exit, each expected line in the log and no stack trace or exception
   * name.
   */
  public static List<String> refusedStartProblems(String log, int exit, List<String> expected) {
    List<String> problems = new ArrayList<>();
    if (exit == 0) {
      problems.add("exited with 0");
    }
    expected.stream()
        .filter(line -> !log.contains(line))
        .forEach(line -> problems.add("missing: " + line));
    if (log.contains("\tat ")) {
      problems.add("a stack trace");
    }
    if (log.contains("Exception")) {
      problems.add("an exception's name");
    }
    return problems;
  }
}
