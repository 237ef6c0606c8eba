package dev.switchboard.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.redis.RedisFailures.Kind;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.redis.client.impl.types.ErrorType;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RedisFailuresTest {

  @Test
  void unreachableRedisIsUnavailableEvenWhenWrapped() {
    assertThat(RedisFailures.classify(new ConnectException("Connection refused")))
        .isEqualTo(Kind.UNAVAILABLE);
    assertThat(RedisFailures.classify(new CompletionException(new ClosedChannelException())))
        .isEqualTo(Kind.UNAVAILABLE);
    assertThat(RedisFailures.classify(new ConnectionPoolTooBusyException("busy")))
        .isEqualTo(Kind.UNAVAILABLE);
    assertThat(RedisFailures.isUnavailable(new VertxException("Connection closed"))).isTrue();
  }

  @Test
  void aTimeoutIsUnavailableToo() {
    RedisTimeoutException timeout = new RedisTimeoutException("claim got no answer within 2s");
    assertThat(RedisFailures.classify(new RuntimeException(timeout))).isEqualTo(Kind.TIMEOUT);
    assertThat(RedisFailures.isUnavailable(timeout)).isTrue();
  }

  @Test
  void aFullWaitingQueueIsBusyTryAgainLaterNotABrokenConnection() {
    NoStackTraceThrowable full = new NoStackTraceThrowable("Redis waiting queue is full");
    assertThat(RedisFailures.classify(new CompletionException(full))).isEqualTo(Kind.BUSY);
    assertThat(RedisFailures.isUnavailable(full)).isTrue();
    assertThat(RedisFailures.isErrorReply(full)).isFalse();
  }

  @Test
  void errorRepliesAreNotOutages() {
    ErrorType reply = ErrorType.create("NOSCRIPT No matching script");
    assertThat(RedisFailures.classify(reply)).isEqualTo(Kind.ERROR_REPLY);
    assertThat(RedisFailures.isErrorReply(reply)).isTrue();
    assertThat(RedisFailures.isUnavailable(reply)).isFalse();
  }

  @Test
  void readOnlyFromADemotedPrimaryIsAConnectionToDropNotAPlainErrorReply() {
    ErrorType fromScript =
        ErrorType.create(
            "READONLY You can't write against a read only replica. script: f2b8, on"
                + " @user_script:51.");
    assertThat(RedisFailures.classify(new CompletionException(fromScript)))
        .isEqualTo(Kind.READ_ONLY);
    assertThat(RedisFailures.isReadOnly(fromScript)).isTrue();
    assertThat(RedisFailures.isErrorReply(fromScript)).isFalse();
    assertThat(RedisFailures.isUnavailable(fromScript)).isTrue();
  }

  @Test
  void crossSlotIsToldApartFromOtherReplies() {
    assertThat(
            RedisFailures.classify(
                ErrorType.create("CROSSSLOT Keys in request don't hash to the same slot")))
        .isEqualTo(Kind.CROSS_SLOT);
    assertThat(
            RedisFailures.isCrossSlot(
                new VertxException(
                    "Keys of command or batch: \"x\" targets not all in the same hash slot"
                        + " (CROSSSLOT) and client side resharding is not supported")))
        .isTrue();
  }

  @Test
  void anythingElseIsOther() {
    assertThat(RedisFailures.classify(new IllegalArgumentException("bad"))).isEqualTo(Kind.OTHER);
  }

  @Test
  void describeGivesTheFirstLineOfTheInnermostMessage() {
    Exception e = new RuntimeException("outer", new ConnectException("refused\nmore"));
    assertThat(RedisFailures.describe(e)).isEqualTo("refused");
    assertThat(RedisFailures.describe(new RuntimeException(new ClosedChannelException())))
        .isEqualTo("ClosedChannelException");
  }
}
