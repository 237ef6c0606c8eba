package dev.switchboard.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code redis-server} 7.0.15 that {@code org.signal:embedded-redis} 0.9.1 ships inside its jar
 * (statically linked builds for Linux and macOS), the same one {@code ./switchboard up} runs when
 * no Redis is installed. Extracted once into the temporary directory and reused; {@code
 * redis-server --sentinel} runs Sentinels from the same binary.
 */
final class EmbeddedRedis {

  static final String VERSION = "7.0.15";

  private EmbeddedRedis() {}

  /** The jar entry of the binary for this operating system and architecture, if one ships. */
  static Optional<String> resourceName(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT);
    String arch = osArch.toLowerCase(Locale.ROOT);
    String system = os.contains("linux") ? "linux" : os.contains("mac") ? "darwin" : null;
    String cpu =
        switch (arch) {
          case "amd64", "x86_64" -> "amd64";
          case "aarch64", "arm64" -> "arm64";
          default -> null;
        };
    if (system == null || cpu == null) {
      return Optional.empty();
    }
    return Optional.of("redis-server-" + VERSION + "-" + system + "-" + cpu);
  }

  /** The extracted binary, or empty when none ships for this platform or the jar is absent. */
  static Optional<Path> binary() {
    return resourceName(System.getProperty("os.name", ""), System.getProperty("os.arch", ""))
        .flatMap(EmbeddedRedis::extract);
  }

  private static Optional<Path> extract(String name) {
    try (InputStream in = EmbeddedRedis.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        return Optional.empty();
      }
      Path dir =
          Path.of(System.getProperty("java.io.tmpdir"), "switchboard-embedded-redis-" + VERSION);
      Files.createDirectories(dir);
      Path target = dir.resolve(name);
      if (Files.isExecutable(target)) {
        return Optional.of(target);
      }
      // Several test JVMs may extract at once: each writes its own file, then renames it.
      Path partial = Files.createTempFile(dir, name, ".partial");
      Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      if (!partial.toFile().setExecutable(true)) {
        throw new IOException("cannot make " + partial + " executable");
      }
      Files.move(
          partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      System.err.println(
          "test-support: no redis-server installed; using the embedded Redis "
              + VERSION
              + " (org.signal:embedded-redis) at "
              + target);
      return Optional.of(target);
    } catch (IOException e) {
      throw new UncheckedIOException("could not extract the embedded " + name, e);
    }
  }
}
