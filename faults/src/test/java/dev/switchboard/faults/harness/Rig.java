package dev.switchboard.faults.harness;

import java.time.Duration;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * One scenario's running system: a Redis topology, the services, an SSE fold opened before any
 * device connects, and the fleet. Closes all of it, in reverse order.
 */
public final class Rig implements AutoCloseable {

  public final RedisTopology redis;
  public final Services services;
  public final EventFold events;
  public final Fleet fleet;
  public final Exactness exactness;

  private Rig(RedisTopology redis, Services services, EventFold events, Fleet fleet) {
    this.redis = redis;
    this.services = services;
    this.events = events;
    this.fleet = fleet;
    this.exactness = new Exactness(fleet, services.api());
  }

  /** Starts the services on {@code redis} (closed with the rig) and opens the event fold. */
  public static Rig start(RedisTopology redis, Services.Options options, String prefix)
      throws Exception {
    Services services = null;
    EventFold events = null;
    try {
      services = Services.start(redis, options);
      events = EventFold.open(services.api());
      return new Rig(redis, services, events, new Fleet(services, prefix, Fleet.DEVICES));
    } catch (Exception | Error e) {
      if (events != null) {
        events.close();
      }
      if (services != null) {
        services.close();
      }
      redis.close();
      throw e;
    }
  }

  /** Connects the fleet and waits until the API agrees with it: the state before the fault. */
  public void connectAndSettle(IntUnaryOperator edgeOf) throws Exception {
    fleet.connectAll(edgeOf);
    Exactness.Outcome settled = exactness.await(Duration.ofSeconds(30));
    if (!settled.exact()) {
      throw new AssertionError(
          "not exact before any fault: " + settled.last() + "\n" + services.logTails());
    }
  }

  public Api api() {
    return services.api();
  }

  /** The API's answers for the whole fleet, in fleet order. */
  public List<io.vertx.core.json.JsonObject> lookupAll() throws Exception {
    return api().lookup(fleet.ids());
  }

  /**
   * Waits (up to {@code bound}) until the event fold agrees with the API for every device; returns
   * the disagreements left. Events are appended after the scripts that caused them, so the fold may
   * trail the lookup by a moment.
   */
  public List<String> foldDisagreements(Duration bound) throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      List<String> wrong = events.disagreements(fleet.ids(), lookupAll());
      if (wrong.isEmpty() || System.nanoTime() > deadline) {
        return wrong;
      }
      Thread.sleep(250);
    }
  }

  @Override
  public void close() {
    fleet.close();
    events.close();
    services.close();
    redis.close();
  }
}
