package dev.switchboard.edge.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FrameFailuresTest {

  @Test
  void nettyFrameLimitsAreTooLargeByType() {
    assertThat(
            FrameFailures.isTooLarge(
                new CorruptedWebSocketFrameException(
                    WebSocketCloseStatus.MESSAGE_TOO_BIG, "Max frame length of 65536 exceeded")))
        .isTrue();
    assertThat(FrameFailures.isTooLarge(new RuntimeException(new TooLongFrameException("x"))))
        .isTrue();
  }

  @Test
  void theVertxMessageLimitIsRecognisedByItsAggregatorsWording() {
    assertThat(
            FrameFailures.isTooLarge(
                new IllegalStateException(
                    "Cannot process text frame of size 4000, it would cause message buffer (size"
                        + " 8000) to overflow max message size of 4096")))
        .isTrue();
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(FrameFailures.isTooLarge(new IOException("Connection reset by peer"))).isFalse();
    assertThat(FrameFailures.isTooLarge(new IllegalStateException("closed"))).isFalse();
  }

  @Test
  void aClientThatVanishedIsGone() {
    assertThat(FrameFailures.isClientGone(new io.vertx.core.http.HttpClosedException("closed")))
        .isTrue();
    assertThat(FrameFailures.isClientGone(new IOException("Connection reset by peer"))).isTrue();
    assertThat(
            FrameFailures.isClientGone(
                new RuntimeException(new java.nio.channels.ClosedChannelException())))
        .isTrue();
  }

  @Test
  void otherFailuresAreNotAClientGone() {
    assertThat(FrameFailures.isClientGone(new IllegalStateException("decoder failed"))).isFalse();
    assertThat(FrameFailures.isClientGone(new TooLongFrameException("x"))).isFalse();
  }
}
