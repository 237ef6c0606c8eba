package dev.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TcpProxyTest {

  private static final String PONG = "+PONG\r\n";

  private static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  void commandsPassThroughToTheTarget() throws IOException {
    try (TcpProxy proxy = TcpProxy.to(redis)) {
      // when
      Object pong = RespClient.call(proxy.host(), proxy.port(), "PING");
      RespClient.call(proxy.host(), proxy.port(), "SET", "through-proxy", "yes");

      // then
      assertThat(pong).isEqualTo("PONG");
      assertThat(redis.call("GET", "through-proxy")).isEqualTo("yes");
      assertThat(proxy.url()).isEqualTo("redis://127.0.0.1:" + proxy.port());
      assertThat(proxy.port()).isNotEqualTo(redis.port());
    }
  }

  @Test
  void frozenProxyBlackholesAndThawDeliversWhatWasQueued() throws IOException {
    try (TcpProxy proxy = TcpProxy.to(redis);
        Socket socket = new Socket(proxy.host(), proxy.port())) {
      // given
      assertThat(ping(socket)).isEqualTo(PONG);

      // when
      proxy.freeze();
      send(socket, "PING");

      // then
      assertThat(proxy.isFrozen()).isTrue();
      assertThatThrownBy(() -> readReply(socket, 300)).isInstanceOf(SocketTimeoutException.class);
      assertThat(proxy.openConnections()).isEqualTo(1);

      // when
      proxy.thaw();

      // then
      assertThat(readReply(socket, 5_000)).isEqualTo(PONG);
      assertThat(ping(socket)).isEqualTo(PONG);
    }
  }

  @Test
  void dropAllResetsOpenConnectionsAndLetsNewOnesIn() throws IOException {
    try (TcpProxy proxy = TcpProxy.to(redis);
        Socket socket = new Socket(proxy.host(), proxy.port())) {
      // given
      assertThat(ping(socket)).isEqualTo(PONG);

      // when
      proxy.dropAll();

      // then
      assertThatThrownBy(() -> socket.getInputStream().read())
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("reset");
      assertThat(proxy.openConnections()).isZero();
      assertThat(RespClient.call(proxy.host(), proxy.port(), "PING")).isEqualTo("PONG");
    }
  }

  @Test
  void refusingProxyRefusesNewConnectionsButKeepsOpenOnes() throws IOException {
    try (TcpProxy proxy = TcpProxy.to(redis);
        Socket open = new Socket(proxy.host(), proxy.port())) {
      // given
      assertThat(ping(open)).isEqualTo(PONG);

      // when
      proxy.refuseNew(true);

      // then
      assertThatThrownBy(() -> new Socket(proxy.host(), proxy.port()).close())
          .isInstanceOf(ConnectException.class);
      assertThat(ping(open)).isEqualTo(PONG);

      // when
      proxy.refuseNew(false);

      // then
      assertThat(RespClient.call(proxy.host(), proxy.port(), "PING")).isEqualTo("PONG");
    }
  }

  @Test
  void targetDownResetsTheClientInsteadOfHanging() {
    try (TcpProxy proxy = TcpProxy.to("127.0.0.1", FreePorts.any())) {
      assertThatThrownBy(() -> RespClient.call(proxy.host(), proxy.port(), "PING"))
          .isInstanceOf(IOException.class);
    }
  }

  private static String ping(Socket socket) throws IOException {
    send(socket, "PING");
    return readReply(socket, 5_000);
  }

  private static void send(Socket socket, String... command) throws IOException {
    socket.getOutputStream().write(RespClient.encode(command));
    socket.getOutputStream().flush();
  }

  private static String readReply(Socket socket, int timeoutMillis) throws IOException {
    socket.setSoTimeout(timeoutMillis);
    return new String(socket.getInputStream().readNBytes(PONG.length()), StandardCharsets.UTF_8);
  }
}
