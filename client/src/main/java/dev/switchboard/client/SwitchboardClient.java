package dev.switchboard.client;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import dev.switchboard.client.delivery.DurableDedup;
import dev.switchboard.client.delivery.Seq;
import dev.switchboard.client.policy.CloseCodeRule;
import dev.switchboard.client.policy.Decision;
import dev.switchboard.client.policy.Ending;
import dev.switchboard.client.policy.Liveness;
import dev.switchboard.client.policy.ReconnectPolicy;
import dev.switchboard.client.protocol.ClientFrame;
import dev.switchboard.client.protocol.ServerFrame;
import dev.switchboard.client.protocol.Welcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One device's connection to the Switchboard edge, kept up as docs/DESIGN.md ("Client library")
 * says. Build one with {@link #builder(URI, String)}, then {@link #connect()}; {@link #close()}
 * ends it for good. Thread-safe.
 *
 * <p>Everything that changes state runs on the client's control thread (one task at a time on a
 * shared pool); the message handler runs on a delivery thread of its own in the same way. The
 * decisions are the pure {@link CloseCodeRule}, {@link Liveness} and {@link DurableDedup}.
 */
public final class SwitchboardClient implements AutoCloseable {

  private static final ClientLog LOG = ClientLog.of(SwitchboardClient.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private final ClientSettings settings;
  private final List<StateListener> listeners;
  private final SerialExecutor control;
  private final SerialExecutor deliveries;
  private final ScheduledExecutorService timer;
  private final DurableDedup dedup;
  private final Inbound inbound;
  private final CloseCodeRule rule;

  // control thread only
  private Session session;
  private long sessions;
  private int attempt;
  private int endpointIndex;
  private boolean running;
  private ReconnectPolicy policy;
  private Liveness liveness;
  private ScheduledFuture<?> retry;

  private volatile boolean closedByApp;
  private volatile ClientState state = new ClientState.Closed(true, 0, "not connected");

  private SwitchboardClient(ClientSettings settings) {
    this.settings = settings;
    this.listeners = settings.listeners();
    this.control = new SerialExecutor(settings.executor());
    this.deliveries = new SerialExecutor(settings.executor());
    this.timer = settings.scheduler();
    this.dedup = new DurableDedup(settings.resumeAfter());
    this.inbound = new Inbound(dedup, settings.handler().orElse(this::unhandled));
    this.rule = new CloseCodeRule(settings.flappingBackoff().toMillis(), settings.maxAttempts());
    this.policy = settings.reconnectBeforeWelcome();
    this.liveness = settings.heartbeatBeforeWelcome();
  }

  /**
   * A client for {@code device} at {@code endpoint} ({@code ws://edge:8081/v1/connect}; http(s)
   * works too, and an empty path means {@code /v1/connect}).
   */
  public static Builder builder(URI endpoint, String device) {
    return new Builder(endpoint, device);
  }

  /**
   * Starts connecting, and keeps reconnecting as the close-code table allows. Does nothing while
   * the client is already running; after a final close (4001, 4409, a policy close, max attempts)
   * it starts again with a fresh back-off.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public void connect() {
    if (closedByApp) {
      throw new IllegalStateException("client of " + settings.device() + " is closed");
    }
    control.execute(
        () -> {
          if (running || closedByApp) {
            return;
          }
          running = true;
          attempt = 0;
          startAttempt();
        });
  }

  /** The current state. */
  public ClientState state() {
    return state;
  }

  /** The device this client connects as. */
  public String device() {
    return settings.device();
  }

  /** Durable messages dropped because their seq was already delivered. */
  public long duplicatesDropped() {
    return dedup.duplicates();
  }

  /** The seq of the last durable message the handler returned for. */
  public Optional<Seq> lastDeliveredSeq() {
    return dedup.last();
  }

  /**
   * Closes the socket with 1000 and stops for good: no reconnect, and {@link #connect()} refuses.
   * Waits up to 2 s for the control thread (not when called from a listener).
   */
  @Override
  public void close() {
    closedByApp = true;
    CompletableFuture<Void> done = new CompletableFuture<>();
    Runnable shutdown =
        () -> {
          shutdown();
          done.complete(null);
        };
    if (control.isCurrentThread()) {
      shutdown.run();
      return;
    }
    control.execute(shutdown);
    try {
      done.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      LOG.log(DEBUG, settings.device(), "-", () -> "close did not finish within " + CLOSE_WAIT);
    }
  }

  private void shutdown() {
    boolean wasRunning = running;
    running = false;
    cancelRetry();
    Session s = session;
    session = null;
    if (s != null) {
      s.ended = true;
      s.cancelTicks();
      if (s.socket != null) {
        WebSocket ws = s.socket;
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "closed by the application")
            .orTimeout(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
            .whenComplete((ok, failed) -> ws.abort());
      }
    }
    if (wasRunning) {
      publish(new ClientState.Closed(true, WebSocket.NORMAL_CLOSURE, "closed by the application"));
    }
  }

  // ---- one attempt, on the control thread ----

  private void startAttempt() {
    cancelRetry();
    Session s = new Session(++sessions);
    session = s;
    publish(new ClientState.Connecting(attempt));
    CompletionStage<String> token;
    try {
      token = settings.tokens().get();
    } catch (RuntimeException e) {
      token = CompletableFuture.failedFuture(e);
    }
    token.whenComplete((value, failed) -> control.execute(() -> tokenReady(s, value, failed)));
  }

  private void tokenReady(Session s, String token, Throwable failed) {
    if (s != session || s.ended) {
      return;
    }
    if (failed != null) {
      ended(s, new Ending.TokenUnavailable(Handshakes.describe(unwrap(failed))));
      return;
    }
    if (settings.tokenRequired() && (token == null || token.isBlank())) {
      ended(s, new Ending.TokenUnavailable("the token supplier gave none"));
      return;
    }
    Optional<String> bearer = Optional.ofNullable(token).filter(t -> !t.isBlank());
    WebSocket.Builder builder =
        settings.http().newWebSocketBuilder().connectTimeout(settings.connectTimeout());
    if (!settings.tokenInQuery()) {
      bearer.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
    }
    URI uri =
        Endpoints.connectUri(
            settings.endpoints().get(endpointIndex),
            settings.device(),
            settings.tokenInQuery() ? bearer : Optional.empty());
    // the JDK's connect timeout may not cover the upgrade itself (a frozen server accepts the TCP
    // connection and never answers); a socket that opens after this is aborted in opened()
    builder
        .buildAsync(uri, new SessionListener(s))
        .orTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((ws, error) -> control.execute(() -> handshakeDone(s, ws, error)));
  }

  private void handshakeDone(Session s, WebSocket ws, Throwable error) {
    if (error == null) {
      if (s != session || s.ended) {
        ws.abort();
      }
      return;
    }
    if (s == session && !s.ended) {
      ended(s, Handshakes.ending(error));
    }
  }

  private void opened(Session s, WebSocket ws) {
    if (s != session || s.ended) {
      ws.abort();
      return;
    }
    s.socket = ws;
    s.lastFrameMs = s.lastPingMs = nowMs();
    scheduleTicks(s);
  }

  private void received(Session s, String text) {
    if (s != session || s.ended) {
      return;
    }
    s.lastFrameMs = nowMs();
    ServerFrame frame = ServerFrame.parse(text);
    if (frame instanceof Welcome welcome) {
      welcomed(s, welcome);
    } else if (frame instanceof ServerFrame.MessageFrame m) {
      Message message = new Message(m.id(), m.seq(), m.payload());
      deliveries.execute(() -> deliver(s, message));
    } else if (frame instanceof ServerFrame.ReconnectHint hint) {
      s.reconnectHintMs = java.util.OptionalLong.of(hint.afterMs());
      LOG.log(
          INFO,
          settings.device(),
          s.conn(),
          () -> "the edge asks to reconnect after " + hint.afterMs() + " ms");
    } else if (frame instanceof ServerFrame.ServerError e) {
      LOG.log(
          WARNING,
          settings.device(),
          s.conn(),
          () -> "error frame " + e.code() + ": " + e.reason());
    } else if (frame instanceof ServerFrame.Malformed bad) {
      LOG.log(WARNING, settings.device(), s.conn(), () -> bad.reason() + "; ignored");
    } else if (frame instanceof ServerFrame.Unknown unknown) {
      LOG.log(
          DEBUG,
          settings.device(),
          s.conn(),
          () -> "unknown frame " + unknown.type() + "; ignored");
    }
  }

  private void welcomed(Session s, Welcome welcome) {
    s.welcome = welcome;
    s.welcomedMs = s.lastFrameMs;
    welcome.reconnect().ifPresent(p -> policy = p);
    liveness = new Liveness(welcome.heartbeatMs());
    scheduleTicks(s);
    LOG.log(
        INFO,
        settings.device(),
        welcome.connectionId(),
        () ->
            "connected (heartbeat "
                + welcome.heartbeatMs()
                + " ms, back-off "
                + policy.baseMs()
                + ".."
                + policy.maxMs()
                + " ms)");
    publish(new ClientState.Connected(welcome));
  }

  private void activity(Session s) {
    if (s == session && !s.ended) {
      s.lastFrameMs = nowMs();
    }
  }

  private void tick(Session s) {
    if (s != session || !s.isOpen()) {
      return;
    }
    long now = nowMs();
    switch (liveness.decide(now, s.lastFrameMs, s.lastPingMs)) {
      case PING -> {
        s.lastPingMs = now;
        s.send(new ClientFrame.Ping());
      }
      case SERVER_DEAD -> ended(s, new Ending.ServerSilent(now - s.lastFrameMs));
      case NONE -> {}
    }
  }

  private void acknowledge(Session s, ClientFrame ack) {
    if (s == session && s.isOpen()) {
      s.send(ack);
    }
  }

  /** The one place an attempt ends: decides, tells the listeners, and schedules the next one. */
  private void ended(Session s, Ending ending) {
    if (s != session || s.ended) {
      return;
    }
    s.ended = true;
    s.cancelTicks();
    if (s.socket != null && !(ending instanceof Ending.Closed)) {
      s.socket.abort();
    }
    long now = nowMs();
    if (s.welcome != null && liveness.stayedUp(s.welcomedMs, now)) {
      attempt = 0;
    }
    Decision decision =
        rule.decide(
            ending,
            policy,
            s.reconnectHintMs,
            attempt,
            ThreadLocalRandom.current().nextDouble(),
            () -> consents(ending));
    if (decision instanceof Decision.Reconnect reconnect) {
      int drawnFor = attempt;
      LOG.log(
          INFO,
          settings.device(),
          s.conn(),
          () ->
              ending.reason()
                  + " ("
                  + ending.code()
                  + "); reconnecting in "
                  + reconnect.afterMs()
                  + " ms (attempt "
                  + drawnFor
                  + ")");
      publish(new ClientState.Closed(false, ending.code(), ending.reason()));
      publish(new ClientState.ReconnectScheduled(reconnect.afterMs(), ending, attempt));
      attempt++;
      endpointIndex = Endpoints.next(endpointIndex, settings.endpoints().size());
      retry =
          timer.schedule(
              () -> control.execute(this::retryNow), reconnect.afterMs(), TimeUnit.MILLISECONDS);
    } else if (decision instanceof Decision.Stop stop) {
      LOG.log(INFO, settings.device(), s.conn(), stop::reason);
      running = false;
      session = null;
      publish(new ClientState.Closed(true, ending.code(), stop.reason()));
    }
  }

  private boolean consents(Ending ending) {
    try {
      return settings.retryConsent().retry(ending);
    } catch (RuntimeException e) {
      LOG.log(WARNING, settings.device(), "-", "retry consent failed; not retrying", e);
      return false;
    }
  }

  private void retryNow() {
    if (running && !closedByApp) {
      startAttempt();
    }
  }

  private void cancelRetry() {
    if (retry != null) {
      retry.cancel(false);
      retry = null;
    }
  }

  private void scheduleTicks(Session s) {
    s.cancelTicks();
    long every = liveness.tickMs();
    s.ticks =
        timer.scheduleAtFixedRate(
            () -> control.execute(() -> tick(s)), every, every, TimeUnit.MILLISECONDS);
  }

  private void publish(ClientState next) {
    state = next;
    for (StateListener listener : listeners) {
      try {
        listener.onStateChange(next);
      } catch (RuntimeException e) {
        LOG.log(WARNING, settings.device(), "-", "state listener failed", e);
      }
    }
  }

  // ---- the delivery thread ----

  private void deliver(Session s, Message message) {
    if (message.durable() && s.poisoned) {
      return;
    }
    Inbound.Outcome outcome = inbound.handle(message);
    if (outcome instanceof Inbound.Outcome.Handled handled) {
      control.execute(() -> acknowledge(s, handled.ack()));
    } else if (outcome instanceof Inbound.Outcome.Duplicate duplicate) {
      LOG.log(
          DEBUG,
          settings.device(),
          s.conn(),
          () -> "duplicate " + message.id() + " (" + message.seq().orElseThrow() + ") dropped");
      control.execute(() -> acknowledge(s, duplicate.ack()));
    } else if (outcome instanceof Inbound.Outcome.Failed failed) {
      LOG.log(
          WARNING,
          settings.device(),
          s.conn(),
          "handler failed on message " + message.id(),
          failed.error());
      if (failed.durable()) {
        s.poisoned = true;
        Ending ending = new Ending.HandlerFailed(message.id(), Handshakes.describe(failed.error()));
        control.execute(() -> ended(s, ending));
      }
    }
  }

  private void unhandled(Message message) {
    LOG.log(
        INFO, settings.device(), "-", () -> "message " + message.id() + " has no handler; acked");
  }

  private static long nowMs() {
    return System.nanoTime() / 1_000_000;
  }

  private static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** Receives on the HTTP client's threads and hands everything to the control thread. */
  private final class SessionListener implements WebSocket.Listener {
    private final Session s;
    private final StringBuilder partial = new StringBuilder();

    SessionListener(Session s) {
      this.s = s;
    }

    @Override
    public void onOpen(WebSocket ws) {
      control.execute(() -> opened(s, ws));
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        control.execute(() -> received(s, text));
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      control.execute(() -> activity(s));
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
      control.execute(() -> activity(s));
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
      control.execute(() -> activity(s));
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
      control.execute(() -> ended(s, new Ending.Closed(code, reason)));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      control.execute(() -> ended(s, new Ending.Unreachable(Handshakes.describe(error))));
    }
  }

  /** Options of a client. Every one has a default; only the endpoint and device are required. */
  public static final class Builder {
    private final List<URI> endpoints = new ArrayList<>();
    private final String device;
    private Supplier<? extends CompletionStage<String>> tokens =
        () -> CompletableFuture.completedFuture(null);
    private Optional<Supplier<String>> syncTokens = Optional.empty();
    private boolean tokenRequired;
    private boolean tokenInQuery;
    private Optional<MessageHandler> handler = Optional.empty();
    private final List<StateListener> listeners = new ArrayList<>();
    private RetryConsent retryConsent = RetryConsent.NEVER;
    private OptionalInt maxAttempts = OptionalInt.empty();
    private ReconnectPolicy reconnectBeforeWelcome = ReconnectPolicy.EDGE_DEFAULT;
    private Liveness heartbeatBeforeWelcome = Liveness.EDGE_DEFAULT;
    private Duration flappingBackoff = Duration.ofMillis(CloseCodeRule.FLAPPING_DEFAULT_MS);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Optional<Seq> resumeAfter = Optional.empty();
    private HttpClient http = ClientThreads.HTTP;
    private Executor executor = ClientThreads.POOL;
    private ScheduledExecutorService scheduler = ClientThreads.TIMER;

    private Builder(URI endpoint, String device) {
      this.endpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
      this.device = Objects.requireNonNull(device, "device");
      Endpoints.connectUri(endpoint, device, Optional.empty());
    }

    /**
     * More edges to connect to, as Ably's fallback hosts: each reconnect goes to the next endpoint
     * in turn (the one given to {@code builder} first), so a device whose edge died comes back
     * through another at once. Behind one load-balanced address, give none.
     */
    public Builder fallbackEndpoints(List<URI> fallbacks) {
      for (URI fallback : fallbacks) {
        Endpoints.connectUri(
            Objects.requireNonNull(fallback, "fallback"), device, Optional.empty());
        endpoints.add(fallback);
      }
      return this;
    }

    /**
     * The device's token, asked for on every connect and reconnect (so a supplier that refreshes
     * before expiry keeps the device connected). Sent as {@code Authorization: Bearer}. Called on a
     * pool thread; it may block.
     */
    public Builder token(Supplier<String> supplier) {
      this.syncTokens = Optional.of(supplier);
      this.tokenRequired = true;
      return this;
    }

    /** As {@link #token(Supplier)}, for a supplier that fetches the token asynchronously. */
    public Builder tokenAsync(Supplier<? extends CompletionStage<String>> supplier) {
      this.tokens = Objects.requireNonNull(supplier, "supplier");
      this.syncTokens = Optional.empty();
      this.tokenRequired = true;
      return this;
    }

    /** Sends the token as {@code ?access_token=} instead of a header (as browsers must). */
    public Builder tokenInQuery() {
      this.tokenInQuery = true;
      return this;
    }

    /** The app's code for routed messages; by default they are logged and acknowledged. */
    public Builder onMessage(MessageHandler handler) {
      this.handler = Optional.of(handler);
      return this;
    }

    /** Adds a listener for state changes. */
    public Builder onStateChange(StateListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Whether to retry after a policy close (1008) or a refused token (401/403); default never. */
    public Builder retryPolicyCloses(RetryConsent consent) {
      this.retryConsent = Objects.requireNonNull(consent, "consent");
      return this;
    }

    /** Gives up (a final close) after this many retries in a row; default: never gives up. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 0) {
        throw new IllegalArgumentException("maxAttempts must not be negative");
      }
      this.maxAttempts = OptionalInt.of(attempts);
      return this;
    }

    /** The back-off until a {@code welcome} announces one; default the edge's 1 s / 60 s. */
    public Builder reconnectBeforeWelcome(Duration base, Duration max) {
      this.reconnectBeforeWelcome = new ReconnectPolicy(base.toMillis(), max.toMillis());
      return this;
    }

    /** The heartbeat assumed until a {@code welcome} announces one; default the edge's 10 s. */
    public Builder heartbeatBeforeWelcome(Duration heartbeat) {
      this.heartbeatBeforeWelcome = new Liveness(heartbeat.toMillis());
      return this;
    }

    /** The wait after a 4429 whose reason has no hint; default 60 s, the edge's flap window. */
    public Builder flappingBackoff(Duration wait) {
      if (wait.isNegative()) {
        throw new IllegalArgumentException("flappingBackoff must not be negative");
      }
      this.flappingBackoff = wait;
      return this;
    }

    /** How long the TCP connect and the upgrade may take together; default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("connectTimeout must be positive");
      }
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * Treats durable messages up to {@code seq} as delivered already: for an app that stores the
     * last seq it handled ({@link SwitchboardClient#lastDeliveredSeq()}) across restarts.
     */
    public Builder resumeAfter(String seq) {
      this.resumeAfter =
          Optional.of(
              Seq.parse(seq)
                  .orElseThrow(
                      () -> new IllegalArgumentException("not a seq (\"<ms>-<n>\"): " + seq)));
      return this;
    }

    /** The HTTP client to open sockets with (TLS settings, proxy); default a shared one. */
    public Builder httpClient(HttpClient client) {
      this.http = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Threads for the state machine, the handler and the token supplier; default a shared pool. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The timer for pings, liveness and back-off; default a shared daemon thread. */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** The client, not connected yet: call {@link SwitchboardClient#connect()}. */
    public SwitchboardClient build() {
      Executor pool = executor;
      Supplier<? extends CompletionStage<String>> asked =
          syncTokens
              .<Supplier<? extends CompletionStage<String>>>map(
                  sync -> () -> CompletableFuture.supplyAsync(sync, pool))
              .orElse(tokens);
      return new SwitchboardClient(
          new ClientSettings(
              endpoints,
              device,
              asked,
              tokenRequired,
              tokenInQuery,
              handler,
              listeners,
              retryConsent,
              maxAttempts,
              reconnectBeforeWelcome,
              heartbeatBeforeWelcome,
              flappingBackoff,
              connectTimeout,
              resumeAfter,
              http,
              executor,
              scheduler));
    }
  }
}
