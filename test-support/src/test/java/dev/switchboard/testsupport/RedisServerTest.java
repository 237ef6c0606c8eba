package dev.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisServerTest {

  @Test
  void startsOnAFreePortWithPersistenceOff() {
    try (RedisServer server = RedisServer.start()) {
      assertThat(server.call("PING")).isEqualTo("PONG");
      assertThat(server.call("CONFIG", "GET", "save").toString()).contains("save, ]");
      assertThat(server.call("CONFIG", "GET", "appendonly").toString()).contains("no");
    }
  }

  @Test
  void killFreesThePortAndRestartComesBackEmptyOnTheSamePort() {
    try (RedisServer server = RedisServer.start()) {
      // given
      server.call("SET", "k", "v");
      int port = server.port();

      // when
      server.kill();

      // then
      assertThat(server.isRunning()).isFalse();
      assertThat(FreePorts.isFree(port)).isTrue();

      // when
      server.restart();

      // then
      assertThat(server.port()).isEqualTo(port);
      assertThat(server.call("GET", "k")).isNull();
    }
  }

  @Test
  void missingBinaryFailsWithTheInstallCommand() {
    assertThatThrownBy(
            () ->
                RedisBinaries.locate(
                    Map.of("PATH", "/nonexistent"),
                    RedisBinaries.SERVER_ENV,
                    "redis-server-not-installed"))
        .isInstanceOf(RedisServerNotInstalledException.class)
        .hasMessageContaining("apt-get install")
        .hasMessageContaining(RedisBinaries.SERVER_ENV);
  }

  @Test
  void overrideThatIsNotExecutableIsNamed() {
    assertThatThrownBy(
            () ->
                RedisBinaries.locate(
                    Map.of(RedisBinaries.SERVER_ENV, "/nonexistent/redis-server"),
                    RedisBinaries.SERVER_ENV,
                    "redis-server"))
        .hasMessageContaining(RedisBinaries.SERVER_ENV + "=/nonexistent/redis-server");
  }

  @Test
  void uniquePrefixesNeverRepeat() {
    assertThat(UniquePrefix.next()).isNotEqualTo(UniquePrefix.next()).endsWith(":");
  }
}
