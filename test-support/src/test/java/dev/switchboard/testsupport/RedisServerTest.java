package dev.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void restartAfterASnapshotStillComesBackEmpty() {
    try (RedisServer server = RedisServer.start()) {
      // given
      server.call("SET", "k", "v");
      server.snapshot();

      // when
      server.restart();

      // then
      assertThat(server.call("DBSIZE")).isEqualTo("0");
    }
  }

  @Test
  void restoreSnapshotBringsBackTheSnapshotAndLosesLaterWrites() {
    try (RedisServer server = RedisServer.start()) {
      // given
      server.call("SET", "before", "1");
      server.snapshot();
      server.call("SET", "after", "2");
      long pidBefore = server.pid();

      // when
      server.restoreSnapshot();

      // then
      assertThat(server.pid()).isNotEqualTo(pidBefore);
      assertThat(server.call("GET", "before")).isEqualTo("1");
      assertThat(server.call("GET", "after")).isNull();
    }
  }

  @Test
  void restoreWithoutASnapshotIsRefused() {
    try (RedisServer server = RedisServer.start()) {
      assertThatThrownBy(server::restoreSnapshot).hasMessageContaining("no snapshot");
      assertThat(server.call("PING")).isEqualTo("PONG");
    }
  }

  @Test
  void frozenServerAcceptsConnectionsButAnswersOnlyAfterThaw() throws Exception {
    try (RedisServer server = RedisServer.start();
        Socket socket = new Socket(server.host(), server.port())) {
      // given
      socket.setSoTimeout(300);

      // when
      server.freeze();
      socket.getOutputStream().write(RespClient.encode("PING"));

      // then
      assertThat(server.isFrozen()).isTrue();
      assertThat(server.isRunning()).isTrue();
      assertThatThrownBy(() -> socket.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);

      // when
      server.thaw();

      // then
      socket.setSoTimeout(5_000);
      assertThat(new String(socket.getInputStream().readNBytes(7), StandardCharsets.UTF_8))
          .isEqualTo("+PONG\r\n");
      assertThat(server.isFrozen()).isFalse();
    }
  }

  @Test
  void frozenServerCanStillBeStoppedAndKilled() {
    // given
    RedisServer stopped = RedisServer.start();
    RedisServer killed = RedisServer.start();
    stopped.freeze();
    killed.freeze();

    // when
    stopped.stop();
    killed.close();

    // then
    assertThat(stopped.isRunning()).isFalse();
    assertThat(killed.isRunning()).isFalse();
    assertThat(FreePorts.isFree(stopped.port())).isTrue();
    assertThat(FreePorts.isFree(killed.port())).isTrue();
  }

  @Test
  void withoutAnInstalledServerTheEmbeddedOneIsUsed() {
    // given
    Path embedded = Path.of("/tmp/embedded-redis-server");

    // when
    Path found =
        RedisBinaries.server(
            Map.of("PATH", "/nonexistent"), List.of(), () -> Optional.of(embedded));

    // then
    assertThat(found).isEqualTo(embedded);
  }

  @Test
  void anInstalledServerComesBeforeTheEmbeddedOne(@TempDir Path bin) throws Exception {
    // given
    Path installed = Files.createFile(bin.resolve("redis-server"));
    assertThat(installed.toFile().setExecutable(true)).isTrue();

    // when
    Path found =
        RedisBinaries.server(
            Map.of("PATH", bin.toString()), List.of(), () -> Optional.of(Path.of("/embedded")));

    // then
    assertThat(found).isEqualTo(installed);
  }

  @Test
  void noServerAndNoEmbeddedBuildFailsWithTheInstallCommand() {
    assertThatThrownBy(
            () -> RedisBinaries.server(Map.of("PATH", "/nonexistent"), List.of(), Optional::empty))
        .isInstanceOf(RedisServerNotInstalledException.class)
        .hasMessageContaining("apt-get install")
        .hasMessageContaining(RedisBinaries.SERVER_ENV);
  }

  @Test
  void overrideThatIsNotExecutableIsNamed() {
    assertThatThrownBy(
            () ->
                RedisBinaries.server(
                    Map.of(RedisBinaries.SERVER_ENV, "/nonexistent/redis-server"),
                    List.of(),
                    Optional::empty))
        .hasMessageContaining(RedisBinaries.SERVER_ENV + "=/nonexistent/redis-server");
  }

  @Test
  void theEmbeddedBuildIsChosenByOperatingSystemAndArchitecture() {
    assertThat(EmbeddedRedis.resourceName("Linux", "amd64"))
        .contains("redis-server-7.0.15-linux-amd64");
    assertThat(EmbeddedRedis.resourceName("Mac OS X", "aarch64"))
        .contains("redis-server-7.0.15-darwin-arm64");
    assertThat(EmbeddedRedis.resourceName("Windows 11", "amd64")).isEmpty();
  }

  @Test
  void theEmbeddedServerRunsAndAnswers() {
    // given
    Path binary = EmbeddedRedis.binary().orElseThrow();

    // when
    try (RedisServer server = RedisServer.start(binary, FreePorts.any(), List.of())) {
      // then
      assertThat(server.call("PING")).isEqualTo("PONG");
      assertThat(server.info("server")).contains("redis_version:7.0.15");
    }
  }

  @Test
  void uniquePrefixesNeverRepeat() {
    assertThat(UniquePrefix.next()).isNotEqualTo(UniquePrefix.next()).endsWith(":");
  }

  @Test
  void flushAllDeletesEveryKey() {
    try (RedisServer server = RedisServer.start()) {
      // given
      server.call("SET", "k", "v");

      // when
      server.flushAll();

      // then
      assertThat(server.call("DBSIZE")).isEqualTo("0");
    }
  }

  @Test
  void timeMillisIsTheServersClockInMilliseconds() {
    try (RedisServer server = RedisServer.start()) {
      // when
      long before = System.currentTimeMillis();
      long time = server.timeMillis();
      long after = System.currentTimeMillis();

      // then: same host, same clock
      assertThat(time).isBetween(before - 1_000, after + 1_000);
    }
  }

  @Test
  void infoReturnsTheNamedSection() {
    try (RedisServer server = RedisServer.start()) {
      assertThat(server.info("cpu")).contains("# CPU").contains("used_cpu_user:");
    }
  }

  @Test
  void pausedWritesWaitUntilUnpausedWhileReadsAreAnswered() throws Exception {
    try (RedisServer server = RedisServer.start()) {
      // given
      server.pauseClients(Duration.ofSeconds(8), RedisServer.PauseMode.WRITE);

      // when
      CompletableFuture<Object> write =
          CompletableFuture.supplyAsync(() -> server.call("SET", "k", "v"));

      // then
      assertThat(server.call("GET", "k")).isNull();
      Thread.sleep(300);
      assertThat(write).isNotDone();

      // when
      server.unpauseClients();

      // then
      assertThat(write.get(5, TimeUnit.SECONDS)).isEqualTo("OK");
      assertThat(server.call("GET", "k")).isEqualTo("v");
    }
  }
}
