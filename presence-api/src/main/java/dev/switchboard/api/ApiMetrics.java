package dev.switchboard.api;

import dev.switchboard.api.auth.ApiKey;
import dev.switchboard.api.auth.ApiKeys;
import dev.switchboard.core.model.OutboxCap;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The presence-api's own Prometheus metrics ({@code switchboard_api_*}). Every meter has a
 * description and exists from start-up, each known tag value at 0: a fresh API's dashboard shows 0,
 * not "no data".
 */
@Startup
@ApplicationScoped
public class ApiMetrics {

  /** What a lookup found. */
  public enum Lookup {
    ONLINE,
    STALE,
    OFFLINE
  }

  /** What became of a message to route. */
  public enum Routing {
    ROUTED,
    OFFLINE,
    NO_SUBSCRIBER
  }

  /** What became of a durable message to store. */
  public enum Store {
    /** Stored in the device's outbox (202). */
    STORED,
    /** Its Idempotency-Key named a message stored before: not stored again (200). */
    DUPLICATE
  }

  /** What became of the wake published to a device's edge after a store. */
  public enum Wake {
    SENT,
    NO_SUBSCRIBER,
    FAILED
  }

  /** The access outcomes {@code switchboard_api_requests_total} counts, per key name. */
  static final List<String> KEY_OUTCOMES = List.of("allowed", "forbidden");

  private final MeterRegistry registry;
  private final Map<Lookup, Counter> lookups = new ConcurrentHashMap<>();
  private final Map<Routing, Counter> routed = new ConcurrentHashMap<>();
  private final AtomicInteger sseClients = new AtomicInteger();
  private final Map<Store, Counter> stores = new ConcurrentHashMap<>();
  private final Map<OutboxCap, Counter> full = new ConcurrentHashMap<>();
  private final Map<Wake, Counter> wakes = new ConcurrentHashMap<>();
  private final Counter storeExpired;
  private final Counter unreplicated;

  public ApiMetrics(MeterRegistry registry, ApiKeys keys) {
    this.registry = registry;
    for (Lookup outcome : Lookup.values()) {
      lookups.put(
          outcome,
          Counter.builder("switchboard.api.lookups")
              .description("Devices looked up, by what the lookup found")
              .tag("outcome", tag(outcome))
              .register(registry));
    }
    for (Routing outcome : Routing.values()) {
      routed.put(
          outcome,
          Counter.builder("switchboard.api.messages.routed")
              .description("Messages to route to a device, by outcome")
              .tag("outcome", tag(outcome))
              .register(registry));
    }
    stores.put(
        Store.STORED,
        Counter.builder("switchboard.api.delivery.stored")
            .description("Durable messages stored in device outboxes")
            .register(registry));
    stores.put(
        Store.DUPLICATE,
        Counter.builder("switchboard.api.delivery.duplicates")
            .description(
                "Durable messages not stored again: their Idempotency-Key named a message stored"
                    + " before")
            .register(registry));
    unreplicated =
        Counter.builder("switchboard.api.delivery.unreplicated")
            .description(
                "Stores answered 503 because fewer than switchboard.delivery.min-replicas replicas"
                    + " confirmed them in time")
            .register(registry);
    storeExpired =
        Counter.builder("switchboard.api.delivery.expired")
            .description(
                "Durable messages a store found expired undelivered in the device's outbox and took"
                    + " out (state expired)")
            .register(registry);
    for (OutboxCap cap : OutboxCap.values()) {
      full.put(
          cap,
          Counter.builder("switchboard.api.delivery.full")
              .description(
                  "Durable messages refused with 429: the device's outbox was at a cap (count or"
                      + " bytes)")
              .tag("cap", cap.wireName())
              .register(registry));
    }
    for (Wake outcome : Wake.values()) {
      wakes.put(
          outcome,
          Counter.builder("switchboard.api.delivery.wakes")
              .description(
                  "Wakes published to the edge holding a device after a store, by outcome (sent,"
                      + " no_subscriber, failed)")
              .tag("outcome", tag(outcome))
              .register(registry));
    }
    Gauge.builder("switchboard.api.sse.clients", sseClients, AtomicInteger::get)
        .description("Clients reading the presence event stream (SSE)")
        .register(registry);
    for (ApiKey key : keys.all()) {
      KEY_OUTCOMES.forEach(outcome -> requests(key.name(), outcome));
    }
    requests("none", "unauthenticated");
  }

  /** Counts {@code devices} looked up with this outcome. */
  public void lookups(Lookup outcome, long devices) {
    lookups.get(outcome).increment(devices);
  }

  public void routed(Routing outcome) {
    routed.get(outcome).increment();
  }

  /** Counts one durable message by what its store did. */
  public void stored(Store outcome) {
    stores.get(outcome).increment();
  }

  /** Counts one store answered 503: too few replicas confirmed it in time. */
  public void unreplicated() {
    unreplicated.increment();
  }

  /** Counts messages a store found expired and took out of the outbox. */
  public void storeExpired(long messages) {
    storeExpired.increment(messages);
  }

  /** Counts one durable message refused because the outbox was at this cap. */
  public void outboxFull(OutboxCap cap) {
    full.get(cap).increment();
  }

  public void wake(Wake outcome) {
    wakes.get(outcome).increment();
  }

  /** One more client on the event stream; {@link #sseClientLeft()} when it goes. */
  public void sseClientJoined() {
    sseClients.incrementAndGet();
  }

  public void sseClientLeft() {
    sseClients.decrementAndGet();
  }

  /** Counts one {@code /v1} request by the key's name ({@code none} without one) and decision. */
  public void request(String key, String outcome) {
    requests(key, outcome).increment();
  }

  private Counter requests(String key, String outcome) {
    return Counter.builder("switchboard.api.requests")
        .description("Requests to /v1, by API key name and access decision")
        .tag("key", key)
        .tag("outcome", outcome)
        .register(registry);
  }

  private static String tag(Enum<?> value) {
    return value.name().toLowerCase(java.util.Locale.ROOT);
  }
}
