package dev.switchboard.testsupport;

/**
 * Thrown when the tests need {@code redis-server}, none is installed and no embedded build ships
 * for this platform (Linux and macOS on amd64 and arm64 have one).
 */
public final class RedisServerNotInstalledException extends IllegalStateException {

  RedisServerNotInstalledException(String binary) {
    super(
        "'"
            + binary
            + "' was not found on the PATH, and org.signal:embedded-redis has no build for "
            + System.getProperty("os.name")
            + "/"
            + System.getProperty("os.arch")
            + ". Switchboard's tests run against a real Redis: install it with `sudo apt-get"
            + " install -y redis-server` (Debian/Ubuntu) or `brew install redis` (macOS), or point "
            + RedisBinaries.SERVER_ENV
            + " at the redis-server binary.");
  }
}
