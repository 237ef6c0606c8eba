package dev.switchboard.core.redis;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A few long-lived Redis connections that every caller shares, each carrying many requests in
 * flight (pipelining). A pool that lends one connection per request serialises a burst of thousands
 * of claims or releases behind its size and then refuses them ("pool reached max wait queue"),
 * which is exactly when a reconnect storm or a mass disconnect needs Redis most. A connection that
 * breaks (Redis restart, network) is dropped and re-opened on next use.
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
   * Sends requests as one pipeline on one shared connection: written in one go where the client
   * allows it (a single node), else back to back (a cluster, where keys span slots).
   */
  public Uni<java.util.List<Response>> sendAll(java.util.List<Request> requests) {
    int slot = Math.floorMod(next.getAndIncrement(), slots.length());
    return connection(slot)
        .chain(
            connection -> {
              if (batchWrites) {
                return connection
                    .batch(requests)
                    .onFailure(RedisFailures::isCrossSlot)
                    .recoverWithUni(
                        failure -> {
                          batchWrites = false;
                          return oneByOne(slot, connection, requests);
                        })
                    .onFailure(failure -> !RedisFailures.isErrorReply(failure))
                    .invoke(failure -> drop(slot));
              }
              return oneByOne(slot, connection, requests);
            });
  }

  private volatile boolean batchWrites = true;

  private Uni<java.util.List<Response>> oneByOne(
      int slot, RedisConnection connection, java.util.List<Request> requests) {
    return Uni.join()
        .all(requests.stream().map(r -> send(slot, connection, r)).toList())
        .andFailFast();
  }

  /** The connection of a slot, for callers that pipeline several dependent sends themselves. */
  public Uni<RedisConnection> anyConnection() {
    return connection(Math.floorMod(next.getAndIncrement(), slots.length()));
  }

  private Uni<Response> send(int slot, RedisConnection connection, Request request) {
    return connection
        .send(request)
        .onFailure(failure -> !RedisFailures.isErrorReply(failure))
        .invoke(failure -> drop(slot));
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

  private void drop(int slot) {
    Uni<RedisConnection> current = slots.get(slot);
    if (current != null && slots.compareAndSet(slot, current, null)) {
      current.subscribe().with(c -> c.close().subscribe().with(ok -> {}, f -> {}), f -> {});
    }
  }

  /** An error reply (NOSCRIPT, WRONGTYPE…) says nothing about the connection; I/O failures do. */
}
