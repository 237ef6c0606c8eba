package dev.switchboard.core.redis;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Runs scripts by SHA and falls back to sending the body when Redis answers {@code NOSCRIPT} (after
 * a restart, a failover or {@code SCRIPT FLUSH}). EVAL caches the script on whichever node served
 * it, which is what a cluster needs: {@code SCRIPT LOAD} would reach only one node.
 */
public final class ScriptRunner {

  private final SharedConnections connections;
  private final Duration timeout;

  /**
   * @param timeout how long any one call (or pipelined batch) may take before it fails with a
   *     {@link RedisTimeoutException}; a Redis that blackholes packets must not hang callers
   */
  public ScriptRunner(Redis redis, Duration timeout) {
    this(new SharedConnections(redis, DEFAULT_CONNECTIONS), timeout);
  }

  public ScriptRunner(SharedConnections connections, Duration timeout) {
    this.connections = connections;
    this.timeout = timeout;
  }

  /** Shared connections per client; each pipelines thousands of requests. */
  public static final int DEFAULT_CONNECTIONS = 4;

  /**
   * Runs one script call on the connection its routing key maps to: calls about one device from
   * this process run in Redis in the order they were made, even when an earlier one timed out here.
   */
  public Uni<Response> run(ScriptCall call) {
    return bounded(
        runOn(request -> connections.send(call.routingKey(), request), call),
        call.script().fileName());
  }

  /**
   * Sends {@code first} and then runs {@code call}, both down the call's routing connection and
   * without waiting for the first answer before sending the script (one write on a single node; see
   * {@link SharedConnections#sendInOrder}): Redis runs {@code first} before the script, and the
   * pair costs one round trip. Replies with the script's answer; a failure of either fails the
   * whole, and {@code first} may have run.
   */
  public Uni<Response> runAfter(Request first, ScriptCall call) {
    String routingKey = call.routingKey();
    return bounded(
        connections
            .sendInOrder(
                routingKey, List.of(first, request(Command.EVALSHA, call.script().sha1(), call)))
            .map(replies -> replies.get(1))
            .onFailure(ScriptRunner::isNoScript)
            // first ran (it was sent ahead of the script); only the script is sent again
            .recoverWithUni(
                () ->
                    connections.send(
                        routingKey, request(Command.EVAL, call.script().body(), call))),
        first.command() + " + " + call.script().fileName());
  }

  /**
   * Runs many script calls pipelined on one connection (in a cluster, one connection per node), so
   * that a batch costs about one round trip. Replies come back in call order.
   */
  public Uni<List<Response>> runAll(List<ScriptCall> calls) {
    if (calls.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return bounded(
        connections
            .oneConnection()
            .chain(
                sender ->
                    Uni.join()
                        .all(calls.stream().map(c -> runOn(sender, c)).toList())
                        .andFailFast()),
        calls.size() + " pipelined script calls");
  }

  /**
   * Runs read-only script calls spread over the shared connections, one call per connection in
   * turn; replies in call order. Calls keep no order between them in Redis: never for writes.
   */
  public Uni<List<Response>> runReads(List<ScriptCall> calls) {
    if (calls.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    if (calls.size() == 1) {
      return bounded(
          runOn(connections::send, calls.get(0)).map(List::of), calls.get(0).script().fileName());
    }
    return bounded(
        Uni.join().all(calls.stream().map(c -> runOn(connections::send, c)).toList()).andFailFast(),
        calls.size() + " " + calls.get(0).script().fileName() + " calls");
  }

  /** A script's reply and how many replicas confirmed the writes before it ({@code WAIT}). */
  public record Replicated(Response reply, int replicas) {}

  /**
   * Runs one script call like {@link #run} and sends {@code WAIT replicas timeout} right behind it
   * on the same connection, in one batch: WAIT covers every write that connection made, this one's
   * included. WAIT holds its connection until it answers, delaying what is pipelined behind it.
   */
  public Uni<Replicated> runThenWait(ScriptCall call, int replicas, Duration waitFor) {
    String routingKey = call.routingKey();
    Request wait = Request.cmd(Command.WAIT).arg(replicas).arg(waitFor.toMillis());
    Function<Command, Uni<Replicated>> attempt =
        command ->
            connections
                .batch(
                    routingKey,
                    List.of(
                        request(
                            command,
                            command == Command.EVAL ? call.script().body() : call.script().sha1(),
                            call),
                        wait))
                .map(replies -> new Replicated(replies.get(0), replies.get(1).toInteger()));
    return bounded(
        attempt
            .apply(Command.EVALSHA)
            .onFailure(ScriptRunner::isNoScript)
            .recoverWithUni(() -> attempt.apply(Command.EVAL)),
        call.script().fileName() + " + WAIT",
        timeout.plus(waitFor));
  }

  /** Sends plain commands pipelined on one connection; replies in request order. */
  public Uni<List<Response>> sendAll(List<Request> requests) {
    if (requests.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return bounded(connections.sendAll(requests), requests.size() + " pipelined commands");
  }

  /**
   * Sends independent reads pipelined and spread over the shared connections (see {@link
   * SharedConnections#spreadAll}); replies in request order. Never for writes: parts keep no order.
   */
  public Uni<List<Response>> readAll(List<Request> requests) {
    if (requests.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return bounded(connections.spreadAll(requests), requests.size() + " pipelined reads");
  }

  /** Sends one plain command on the connection {@code routingKey} maps to (see {@link #run}). */
  public Uni<Response> send(String routingKey, Request request) {
    return bounded(connections.send(routingKey, request), request.command().toString());
  }

  /** Sends one plain command. */
  public Uni<Response> send(Request request) {
    return bounded(connections.send(request), request.command().toString());
  }

  private <T> Uni<T> bounded(Uni<T> uni, String what) {
    return bounded(uni, what, timeout);
  }

  private static <T> Uni<T> bounded(Uni<T> uni, String what, Duration limit) {
    return uni.ifNoItem()
        .after(limit)
        .failWith(() -> new RedisTimeoutException(what + " got no answer within " + limit));
  }

  private static Uni<Response> runOn(Function<Request, Uni<Response>> sender, ScriptCall call) {
    // A NOSCRIPT that arrives after the caller's timeout sends no body: the timeout cancelled
    // this chain. Deliberately so: an EVAL sent then would run a call its caller gave up on
    // after requests it sent later about the same device (TimedOutCallsTest's order). The next
    // call of the script gets its own NOSCRIPT and loads the body.
    return sender
        .apply(request(Command.EVALSHA, call.script().sha1(), call))
        .onFailure(ScriptRunner::isNoScript)
        .recoverWithUni(() -> sender.apply(request(Command.EVAL, call.script().body(), call)));
  }

  static Request request(Command command, String scriptOrSha, ScriptCall call) {
    Request request = Request.cmd(command).arg(scriptOrSha).arg(call.keys().size());
    call.keys().forEach(request::arg);
    call.args().forEach(request::arg);
    return request;
  }

  /** A reply of NOSCRIPT; in a batch the client reports it as {@code ERR [i] NOSCRIPT …}. */
  static boolean isNoScript(Throwable failure) {
    String message = failure.getMessage();
    return message != null
        && (message.startsWith("NOSCRIPT") || message.matches("(?s)ERR \\[\\d+\\] NOSCRIPT.*"));
  }
}
