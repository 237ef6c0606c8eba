package dev.switchboard.testsupport;

/** Thrown when the tests need {@code redis-server} and it is not installed. */
public final class RedisServerNotInstalledException extends IllegalStateException {

  RedisServerNotInstalledException(String binary) {
    super(
        "'"
            + binary
            + "' was not found on the PATH. Switchboard's tests run against a real Redis:"
            + " install it with `sudo apt-get install -y redis-server redis-tools` (Debian/Ubuntu)"
            + " or `brew install redis` (macOS), or point "
            + RedisBinaries.SERVER_ENV
            + " at the redis-server binary.");
  }
}
