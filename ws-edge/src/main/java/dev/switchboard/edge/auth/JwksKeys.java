package dev.switchboard.edge.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * RS256 and ES256 keys from a JWKS URL, chosen by the token's {@code kid}. The set is fetched in
 * the background, never on the caller's thread (the upgrade check runs on the event loop): again
 * when it is older than the cache TTL, and when a token names a {@code kid} the set lacks — at most
 * one fetch at a time and one start per minimum interval, so forged key ids cannot make the edge
 * hammer the identity provider. A token whose {@code kid} is unknown while a fetch may start (or is
 * under way) gets {@link KeyLookup.Pending} on that fetch, and is judged against the new set: the
 * first device with a provider's new key connects on its first try. Within the interval an unknown
 * {@code kid} is refused at once. Until a new set arrives the previous one stays in use.
 */
public final class JwksKeys implements KeyRing {

  private static final Logger LOG = Logger.getLogger(JwksKeys.class);

  /** The keys of one fetch, by key id. */
  private record KeySet(Map<String, Key> byKid, long fetchedAtMs) {}

  private record Key(String alg, SignatureCheck verifier) {}

  private final Vertx vertx;
  private final URI url;
  private final HttpClient http;
  private final long ttlMs;
  private final long minIntervalMs;
  private final Duration fetchTimeout;
  private final AtomicReference<KeySet> keys = new AtomicReference<>();

  /** The fetch under way, completed (never failed) when it has answered; null between fetches. */
  private final AtomicReference<CompletableFuture<Void>> fetching = new AtomicReference<>();

  private long lastFetchStartMs = Long.MIN_VALUE / 2;
  private final AtomicInteger fetchesStarted = new AtomicInteger();

  public JwksKeys(
      Vertx vertx,
      URI url,
      HttpClient http,
      Duration cacheTtl,
      Duration refreshMinInterval,
      Duration fetchTimeout) {
    this.vertx = vertx;
    this.url = url;
    this.http = http;
    this.ttlMs = cacheTtl.toMillis();
    this.minIntervalMs = refreshMinInterval.toMillis();
    this.fetchTimeout = fetchTimeout;
  }

  /** Starts the first fetch; tokens wait for it (up to the fetch timeout). */
  public JwksKeys start(long nowMs) {
    fetch(nowMs);
    return this;
  }

  /** Fetches started so far (tests and logs). */
  public int fetchesStarted() {
    return fetchesStarted.get();
  }

  /** Whether a key set has been loaded. */
  public boolean isLoaded() {
    return keys.get() != null;
  }

  @Override
  public KeyLookup find(String alg, Optional<String> kid, long nowMs, boolean mayFetch) {
    KeySet set = keys.get();
    if (set == null) {
      return waitFor(mayFetch, nowMs, "the key set is not loaded yet; retry");
    }
    if (mayFetch && nowMs - set.fetchedAtMs() > ttlMs) {
      fetch(nowMs); // in the background: the set at hand serves meanwhile
    }
    if (kid.isEmpty()) {
      return new KeyLookup.Missing("token has no kid: keys from the JWKS are chosen by kid");
    }
    Key key = set.byKid().get(kid.get());
    if (key == null) {
      return waitFor(mayFetch, nowMs, "unknown key id '" + kid.get() + "'");
    }
    if (!key.alg().equals(alg)) {
      return new KeyLookup.Missing("key '" + kid.get() + "' is for " + key.alg() + ", not " + alg);
    }
    return new KeyLookup.Found(key.verifier());
  }

  /** Pending on a fetch that may bring the key, or missing when none may start. */
  private KeyLookup waitFor(boolean mayFetch, long nowMs, String missing) {
    Optional<CompletableFuture<Void>> fetch = mayFetch ? fetch(nowMs) : Optional.empty();
    return fetch.<KeyLookup>map(KeyLookup.Pending::new).orElse(new KeyLookup.Missing(missing));
  }

  /**
   * The fetch under way, or a new one unless one started less than the minimum interval ago; empty
   * when none may start.
   */
  private synchronized Optional<CompletableFuture<Void>> fetch(long nowMs) {
    CompletableFuture<Void> running = fetching.get();
    if (running != null) {
      return Optional.of(running);
    }
    if (nowMs - lastFetchStartMs < minIntervalMs) {
      return Optional.empty();
    }
    lastFetchStartMs = nowMs;
    fetchesStarted.incrementAndGet();
    CompletableFuture<Void> answered = new CompletableFuture<>();
    fetching.set(answered);
    HttpRequest request = HttpRequest.newBuilder(url).timeout(fetchTimeout).GET().build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (response, failure) -> {
              try {
                if (failure != null) {
                  LOG.warnf("JWKS fetch from %s failed: %s", url, failure.toString());
                } else if (response.statusCode() != 200) {
                  LOG.warnf("JWKS fetch from %s answered %d", url, response.statusCode());
                } else {
                  keys.set(parse(response.body(), nowMs));
                }
              } catch (RuntimeException e) {
                LOG.warnf("JWKS from %s is unreadable: %s", url, e.toString());
              } finally {
                fetching.set(null);
                answered.complete(null);
              }
            });
    return Optional.of(answered);
  }

  private KeySet parse(String body, long nowMs) {
    JsonArray list = new JsonObject(body).getJsonArray("keys", new JsonArray());
    Map<String, Key> byKid = new HashMap<>();
    for (Object item : list) {
      if (item instanceof JsonObject jwk) {
        JwkAlgorithm.of(jwk)
            .ifPresent(
                alg -> {
                  JsonObject withAlg = jwk.copy().put("alg", alg);
                  SignatureCheck verifier =
                      new VertxSignature(
                          JWTAuth.create(vertx, StaticKeys.signatureOnly().addJwk(withAlg)));
                  byKid.put(jwk.getString("kid"), new Key(alg, verifier));
                });
      }
    }
    LOG.infof("JWKS from %s: %d signing keys %s", url, byKid.size(), byKid.keySet());
    return new KeySet(Map.copyOf(byKid), nowMs);
  }
}
