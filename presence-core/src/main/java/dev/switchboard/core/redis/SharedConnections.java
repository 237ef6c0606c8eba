package dev.switchboard.core.redis;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A few long-lived Redis connections that every caller shares, each carrying many requests in
 * flight (pipelining). A pool that lends one connection per request serialises a burst of thousands
 * of claims or releases behind its size and then refuses them ("pool reached max wait queue"),
 * which is exactly when a reconnect storm or a mass disconnect needs Redis most. A connection that
 * breaks (Redis restart, network) is dropped and re-opened on next use; so is one whose node
 * answers {@code READONLY}: a failover demoted it, and the client (through Sentinel) now connects
 * to the new primary.
 */
public final class SharedConnections {

  private final Redis redis;
  private final AtomicReferenceArray<Uni<RedisConnection>> slots;
  private final AtomicInteger next = new AtomicInteger();

  public SharedConnections(Redis redis, int connections) {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be at least 1");
    }
    this.redis = redis;
    this.slots = new AtomicReferenceArray<>(connections);
  }

  /** Sends one request on the next shared connection. */
  public Uni<Response> send(Request request) {
    int slot = Math.floorMod(next.getAndIncrement(), slots.length());
    return connection(slot).chain(connection -> send(slot, connection, request));
  }

  /**
   * Sends one request on the shared connection that {@code routingKey} maps to, so that every
   * request about one key from this process reaches Redis in the order it was sent: a compensating
   * release can never overtake the claim it undoes.
   */
  public Uni<Response> send(String routingKey, Request request) {
    int slot = Math.floorMod(routingKey.hashCode(), slots.length());
    return connection(slot).chain(connection -> send(slot, connection, request));
  }

  /**
   * Sends requests as one batch on the shared connection {@code routingKey} maps to (see {@link
   * #send(String, Request)}); on a cluster the batch goes to the node of its keyed requests, so a
   * keyless request in it ({@code WAIT}) reaches the node that served the others.
   */
  public Uni<List<Response>> batch(String routingKey, List<Request> requests) {
    int slot = Math.floorMod(routingKey.hashCode(), slots.length());
    return connection(slot)
        .chain(
            connection ->
                connection
                    .batch(requests)
                    .onFailure(failure -> !RedisFailures.isErrorReply(failure))
                    .invoke(failure -> drop(slot, connection)));
  }

  /**
   * Sends requests down the shared connection {@code routingKey} maps to (see {@link #send(String,
   * Request)}), in order, without waiting for one answer before sending the next: on a single node
   * (or a Sentinel's primary) they go out in one write, and Redis runs them in that order. On a
   * cluster they may belong to different nodes, which keep no order between them, so each is sent
   * only after the answer to the one before it. A failure of any fails the whole; those before it
   * may have run.
   */
  public Uni<List<Response>> sendInOrder(String routingKey, List<Request> requests) {
    int slot = Math.floorMod(routingKey.hashCode(), slots.length());
    return connection(slot)
        .chain(
            connection ->
                batchOr(
                    slot,
                    connection,
                    requests,
                    () -> oneAfterAnother(slot, connection, requests, 0, new ArrayList<>())));
  }

  /**
   * Writes the requests as one batch while the client allows it; a cluster refuses a batch whose
   * keys span slots, and from then on (for good) {@code unbatched} sends them instead.
   */
  private Uni<List<Response>> batchOr(
      int slot,
      RedisConnection connection,
      List<Request> requests,
      Supplier<Uni<List<Response>>> unbatched) {
    if (!batchWrites) {
      return unbatched.get();
    }
    return connection
        .batch(requests)
        .onFailure(RedisFailures::isCrossSlot)
        .recoverWithUni(
            failure -> {
              batchWrites = false;
              return unbatched.get();
            })
        .onFailure(failure -> !RedisFailures.isErrorReply(failure))
        .invoke(failure -> drop(slot, connection));
  }

  private Uni<List<Response>> oneAfterAnother(
      int slot, RedisConnection connection, List<Request> requests, int from, List<Response> done) {
    if (from == requests.size()) {
      return Uni.createFrom().item(done);
    }
    return send(slot, connection, requests.get(from))
        .chain(
            reply -> {
              done.add(reply);
              return oneAfterAnother(slot, connection, requests, from + 1, done);
            });
  }

  /**
   * Sends requests as one pipeline on one shared connection: written in one go where the client
   * allows it (a single node), else back to back (a cluster, where keys span slots).
   */
  public Uni<List<Response>> sendAll(List<Request> requests) {
    int slot = Math.floorMod(next.getAndIncrement(), slots.length());
    return connection(slot)
        .chain(
            connection ->
                batchOr(slot, connection, requests, () -> oneByOne(slot, connection, requests)));
  }

  private volatile boolean batchWrites = true;

  /** The fewest requests worth a part of their own in {@link #spreadAll}. */
  static final int MIN_SPREAD_PART = 100;

  /**
   * Sends independent reads spread over the shared connections, one contiguous part per connection,
   * each part pipelined like {@link #sendAll}; replies in request order. A big read batch is then
   * answered and decoded on several connections at once, and no one connection's waiting queue
   * ({@code max-waiting-handlers}) has to hold a whole batch. Requests in different parts keep no
   * order in Redis, so this is for reads only.
   */
  public Uni<List<Response>> spreadAll(List<Request> requests) {
    int parts = Math.min(slots.length(), Math.max(1, requests.size() / MIN_SPREAD_PART));
    if (parts == 1) {
      return sendAll(requests);
    }
    List<Uni<List<Response>>> sent = new ArrayList<>(parts);
    for (int part = 0; part < parts; part++) {
      int from = requests.size() * part / parts;
      int to = requests.size() * (part + 1) / parts;
      sent.add(sendAll(requests.subList(from, to)));
    }
    return Uni.join()
        .all(sent)
        .andFailFast()
        .map(
            answered -> {
              List<Response> replies = new ArrayList<>(requests.size());
              answered.forEach(replies::addAll);
              return replies;
            });
  }

  private Uni<List<Response>> oneByOne(
      int slot, RedisConnection connection, List<Request> requests) {
    return Uni.join()
        .all(requests.stream().map(r -> send(slot, connection, r)).toList())
        .andFailFast();
  }

  /**
   * A sender bound to one shared connection, for callers that pipeline several sends themselves; a
   * failure it sees drops the connection like {@link #send(Request)} does.
   */
  public Uni<Function<Request, Uni<Response>>> oneConnection() {
    int slot = Math.floorMod(next.getAndIncrement(), slots.length());
    return connection(slot).map(connection -> request -> send(slot, connection, request));
  }

  private Uni<Response> send(int slot, RedisConnection connection, Request request) {
    return connection
        .send(request)
        .onFailure(failure -> !RedisFailures.isErrorReply(failure))
        .invoke(failure -> drop(slot, connection));
  }

  private Uni<RedisConnection> connection(int slot) {
    Uni<RedisConnection> current = slots.get(slot);
    if (current != null) {
      return current;
    }
    @SuppressWarnings("unchecked")
    Uni<RedisConnection>[] self = new Uni[1];
    self[0] =
        redis
            .connect()
            .invoke(
                connection -> {
                  connection.exceptionHandler(failure -> slots.compareAndSet(slot, self[0], null));
                  connection.endHandler(() -> slots.compareAndSet(slot, self[0], null));
                })
            .onFailure()
            .invoke(failure -> slots.compareAndSet(slot, self[0], null))
            .memoize()
            .indefinitely();
    return slots.compareAndSet(slot, null, self[0]) ? self[0] : connection(slot);
  }

  /**
   * Drops the slot's connection after a failure that is not an error reply about the request, but
   * only if the slot still holds the connection that failed: the other requests that were in flight
   * on it fail too, and must not drop its replacement (whose requests would then race their own).
   */
  private void drop(int slot, RedisConnection failed) {
    Uni<RedisConnection> current = slots.get(slot);
    if (current == null) {
      return;
    }
    current
        .subscribe()
        .with(
            connection -> {
              if (connection == failed && slots.compareAndSet(slot, current, null)) {
                connection.close().subscribe().with(ok -> {}, f -> {});
              }
            },
            f -> {});
  }
}
