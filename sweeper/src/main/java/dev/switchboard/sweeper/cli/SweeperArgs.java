package dev.switchboard.sweeper.cli;

import java.util.Optional;

/**
 * The command line: {@code [--mode=run-once|loop] [--dry-run]}. Pure; the values override the
 * configuration.
 */
public record SweeperArgs(Optional<String> mode, boolean dryRun, boolean help) {

  public static final String USAGE =
      "usage: sweeper [--mode=run-once|loop] [--dry-run]\n"
          + "  --mode=run-once  one sweep, a JSON summary on stdout, exit 0 if clean (default)\n"
          + "  --mode=loop      sweep every switchboard.sweeper.interval while leader\n"
          + "  --dry-run        report what would be swept, delete nothing";

  /** Parses the arguments; an unknown one is an {@link IllegalArgumentException} naming it. */
  public static SweeperArgs parse(String... args) {
    Optional<String> mode = Optional.empty();
    boolean dryRun = false;
    boolean help = false;
    for (String arg : args) {
      if (arg.equals("--dry-run")) {
        dryRun = true;
      } else if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
      } else if (arg.startsWith("--mode=")) {
        String value = arg.substring("--mode=".length());
        if (!value.equals("run-once") && !value.equals("loop")) {
          throw new IllegalArgumentException(
              "--mode must be run-once or loop, got '" + value + "'");
        }
        mode = Optional.of(value);
      } else {
        throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    return new SweeperArgs(mode, dryRun, help);
  }
}
