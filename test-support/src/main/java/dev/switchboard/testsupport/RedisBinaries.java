package dev.switchboard.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds {@code redis-server} and {@code redis-cli}: an environment override first, then PATH. */
public final class RedisBinaries {

  /** Environment variable that names the redis-server binary explicitly. */
  public static final String SERVER_ENV = "SWITCHBOARD_REDIS_SERVER";

  /** Environment variable that names the redis-cli binary explicitly. */
  public static final String CLI_ENV = "SWITCHBOARD_REDIS_CLI";

  private RedisBinaries() {}

  /** The redis-server executable, or a {@link RedisServerNotInstalledException} naming the fix. */
  public static Path server() {
    return locate(SERVER_ENV, "redis-server");
  }

  /** The redis-cli executable (the fixtures themselves no longer need it). */
  public static Path cli() {
    return locate(CLI_ENV, "redis-cli");
  }

  private static Path locate(String envName, String binary) {
    return locate(System.getenv(), envName, binary);
  }

  static Path locate(java.util.Map<String, String> env, String envName, String binary) {
    String override = env.get(envName);
    if (override != null && !override.isBlank()) {
      Path path = Path.of(override);
      if (Files.isExecutable(path)) {
        return path;
      }
      throw new IllegalStateException(envName + "=" + override + " is not an executable file");
    }
    return onPath(env.getOrDefault("PATH", ""), binary)
        .orElseThrow(() -> new RedisServerNotInstalledException(binary));
  }

  static Optional<Path> onPath(String path, String binary) {
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, binary);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    for (String dir :
        new String[] {"/usr/bin", "/usr/local/bin", "/usr/sbin", "/opt/homebrew/bin"}) {
      Path candidate = Path.of(dir, binary);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
