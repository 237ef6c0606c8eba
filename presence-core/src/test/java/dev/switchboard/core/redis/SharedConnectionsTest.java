package dev.switchboard.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testsupport.RedisServer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SharedConnectionsTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final int MAX_WAITING = 400;

  private static RedisServer server;
  private static Vertx vertx;
  private static Redis redis;

  @BeforeAll
  static void start() {
    server = RedisServer.start();
    vertx = Vertx.vertx();
    redis =
        Redis.createClient(
            vertx,
            new RedisOptions()
                .setConnectionString(server.url())
                .setMaxWaitingHandlers(MAX_WAITING));
  }

  @AfterAll
  static void stop() {
    redis.close();
    vertx.closeAndAwait();
    server.close();
  }

  @Test
  @DisplayName("a pipeline larger than the client's waiting queue fails as busy: try again later")
  void pipelineOverTheWaitingQueueIsBusy() {
    // given: one shared connection
    SharedConnections connections = new SharedConnections(redis, 1);

    // when: a pipeline the client's waiting queue cannot hold
    List<Request> tooMany =
        Collections.nCopies(MAX_WAITING * 4, Request.cmd(Command.PING)).stream().toList();

    // then: it fails as busy (a 503 at the API, not an unexpected failure), and the connection
    // still serves the next request
    assertThatThrownBy(() -> connections.sendAll(tooMany).await().atMost(WAIT))
        .satisfies(
            failure ->
                assertThat(RedisFailures.classify(failure)).isEqualTo(RedisFailures.Kind.BUSY));
    assertThat(clientId(connections)).isPositive();
  }

  @Test
  @DisplayName("reads spread over the connections answer in request order, past one queue's limit")
  void spreadReadsAnswerInRequestOrder() {
    // given: a thousand keys with distinct values, and four shared connections
    SharedConnections connections = new SharedConnections(redis, 4);
    String prefix = "spread-" + System.nanoTime() + "-";
    List<Request> writes =
        IntStream.range(0, 1000)
            .mapToObj(i -> Request.cmd(Command.SET).arg(prefix + i).arg("v" + i))
            .toList();
    for (int from = 0; from < writes.size(); from += 100) {
      connections.sendAll(writes.subList(from, from + 100)).await().atMost(WAIT);
    }
    List<Request> reads =
        IntStream.range(0, 1000).mapToObj(i -> Request.cmd(Command.GET).arg(prefix + i)).toList();

    // when: more reads than one connection's waiting queue holds
    List<Response> replies = connections.spreadAll(reads).await().atMost(WAIT);

    // then
    assertThat(replies.stream().map(Response::toString).toList())
        .isEqualTo(IntStream.range(0, 1000).mapToObj(i -> "v" + i).toList());
  }

  private static long clientId(SharedConnections connections) {
    return connections.send(Request.cmd(Command.CLIENT).arg("ID")).await().atMost(WAIT).toLong();
  }
}
