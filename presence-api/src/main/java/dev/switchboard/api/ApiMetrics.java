package dev.switchboard.api;

import dev.switchboard.api.auth.ApiKey;
import dev.switchboard.api.auth.ApiKeys;
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

  /** The access outcomes {@code switchboard_api_requests_total} counts, per key name. */
  static final List<String> KEY_OUTCOMES = List.of("allowed", "forbidden");

  private final MeterRegistry registry;
  private final Map<Lookup, Counter> lookups = new ConcurrentHashMap<>();
  private final Map<Routing, Counter> routed = new ConcurrentHashMap<>();
  private final AtomicInteger sseClients = new AtomicInteger();

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
