package dev.switchboard.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus series names the services' own code registers with Micrometer, read from their
 * sources (a counter {@code a.b} is {@code a_b_total}; a timer adds {@code _seconds_*}). Alerts
 * checked against it cannot name a series no service exposes.
 */
final class RegisteredMetrics {

  private static final Pattern REGISTRATION =
      Pattern.compile(
          "(counter|gauge|timer|Counter\\.builder|Gauge\\.builder|Timer\\.builder|"
              + "FunctionCounter\\.builder)\\(\\s*\"(switchboard\\.[a-z0-9_.]+)\"");

  private static final String[] MODULES = {"ws-edge", "presence-api", "sweeper", "presence-core"};

  private RegisteredMetrics() {}

  /** Every series name the services can expose. */
  static Set<String> seriesNames() {
    Set<String> names = new TreeSet<>();
    for (String module : MODULES) {
      Path sources = Helm.root().resolve(module).resolve("src/main/java");
      if (!Files.isDirectory(sources)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          addRegistrations(Files.readString(file), names);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return names;
  }

  static void addRegistrations(String source, Set<String> names) {
    Matcher matcher = REGISTRATION.matcher(source);
    while (matcher.find()) {
      String base = matcher.group(2).replace('.', '_');
      String call = matcher.group(1).toLowerCase();
      if (call.contains("counter")) {
        names.add(base + "_total");
      } else if (call.contains("timer")) {
        for (String suffix : new String[] {"count", "sum", "max", "bucket"}) {
          names.add(base + "_seconds_" + suffix);
        }
      } else {
        names.add(base);
      }
    }
  }
}
