package dev.switchboard.edge.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.edge.socket.FrameFailures.Verdict;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrameFailuresTest {

  private static final Verdict TOO_LARGE = new Verdict(SocketEnd.TOO_LARGE, "limit 4096 bytes");

  @Test
  void nettyFrameLimitsAreTooLargeByType() {
    assertThat(
            FrameFailures.judge(
                new CorruptedWebSocketFrameException(
                    WebSocketCloseStatus.MESSAGE_TOO_BIG, "Max frame length of 65536 exceeded"),
                4096))
        .contains(TOO_LARGE);
    assertThat(FrameFailures.judge(new RuntimeException(new TooLongFrameException("x")), 4096))
        .contains(TOO_LARGE);
  }

  @Test
  void theVertxMessageLimitIsRecognisedByItsAggregatorsWording() {
    assertThat(
            FrameFailures.judge(
                new IllegalStateException(
                    "Cannot process text frame of size 4000, it would cause message buffer (size"
                        + " 8000) to overflow max message size of 4096"),
                4096))
        .contains(TOO_LARGE);
  }

  @Test
  void otherFramingErrorsAreProtocolErrorsWithTheDecodersWords() {
    Optional<Verdict> verdict =
        FrameFailures.judge(
            new CorruptedWebSocketFrameException(
                WebSocketCloseStatus.PROTOCOL_ERROR,
                "received continuation data frame outside fragmented message"),
            4096);

    assertThat(verdict)
        .contains(
            new Verdict(
                SocketEnd.PROTOCOL_ERROR,
                "received continuation data frame outside fragmented message"));
    assertThat(verdict.get().closeReason().getCode()).isEqualTo(1002);
  }

  @Test
  void theCloseReasonNamesTheLimitAndFitsAControlFrame() {
    assertThat(TOO_LARGE.closeReason().getCode()).isEqualTo(1009);
    assertThat(TOO_LARGE.closeReason().getMessage())
        .isEqualTo("message too large; limit 4096 bytes");
    String longDetail = "é".repeat(200);
    assertThat(
            new Verdict(SocketEnd.PROTOCOL_ERROR, longDetail)
                .closeReason()
                .getMessage()
                .getBytes(StandardCharsets.UTF_8))
        .hasSizeLessThanOrEqualTo(123);
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(FrameFailures.judge(new IOException("Connection reset by peer"), 4096)).isEmpty();
    assertThat(FrameFailures.judge(new IllegalStateException("closed"), 4096)).isEmpty();
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
