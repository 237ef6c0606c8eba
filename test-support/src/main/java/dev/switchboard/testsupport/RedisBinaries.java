package dev.switchboard.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds {@code redis-server}: an environment override first, then the PATH and the usual install
 * directories, then the embedded Redis 7.0.15 from Maven Central ({@link EmbeddedRedis}), so that
 * the tests need nothing but a JDK. The fixtures need no {@code redis-cli}: they speak RESP
 * themselves.
 */
public final class RedisBinaries {

  /** Environment variable that names the redis-server binary explicitly. */
  public static final String SERVER_ENV = "SWITCHBOARD_REDIS_SERVER";

  static final List<Path> WELL_KNOWN_DIRS =
      List.of(
          Path.of("/usr/bin"),
          Path.of("/usr/local/bin"),
          Path.of("/usr/sbin"),
          Path.of("/opt/homebrew/bin"));

  private RedisBinaries() {}

  /** The redis-server executable, or a {@link RedisServerNotInstalledException} naming the fix. */
  public static Path server() {
    return server(System.getenv(), WELL_KNOWN_DIRS, EmbeddedRedis::binary);
  }

  static Path server(
      Map<String, String> env, List<Path> wellKnownDirs, Supplier<Optional<Path>> embedded) {
    String override = env.get(SERVER_ENV);
    if (override != null && !override.isBlank()) {
      Path path = Path.of(override);
      if (Files.isExecutable(path)) {
        return path;
      }
      throw new IllegalStateException(SERVER_ENV + "=" + override + " is not an executable file");
    }
    return installed(env.getOrDefault("PATH", ""), wellKnownDirs, "redis-server")
        .or(embedded)
        .orElseThrow(() -> new RedisServerNotInstalledException("redis-server"));
  }

  static Optional<Path> installed(String path, List<Path> wellKnownDirs, String binary) {
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
        return Optional.of(Path.of(dir, binary));
      }
    }
    return wellKnownDirs.stream()
        .map(dir -> dir.resolve(binary))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
