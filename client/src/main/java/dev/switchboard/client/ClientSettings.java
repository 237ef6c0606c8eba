package dev.switchboard.client;

import dev.switchboard.client.delivery.Seq;
import dev.switchboard.client.policy.Liveness;
import dev.switchboard.client.policy.ReconnectPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/** What a {@link SwitchboardClient.Builder} was told, frozen at {@code build()}. */
record ClientSettings(
    List<URI> endpoints,
    String device,
    Supplier<? extends CompletionStage<String>> tokens,
    boolean tokenRequired,
    boolean tokenInQuery,
    Optional<MessageHandler> handler,
    List<StateListener> listeners,
    RetryConsent retryConsent,
    OptionalInt maxAttempts,
    ReconnectPolicy reconnectBeforeWelcome,
    Liveness heartbeatBeforeWelcome,
    Duration flappingBackoff,
    Duration connectTimeout,
    Optional<Seq> resumeAfter,
    HttpClient http,
    Executor executor,
    ScheduledExecutorService scheduler) {

  ClientSettings {
    endpoints = List.copyOf(endpoints);
    listeners = List.copyOf(listeners);
  }
}
