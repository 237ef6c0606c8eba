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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * RS256 and ES256 keys from a JWKS URL, chosen by the token's {@code kid}. The set is fetched in
 * the background, never on the caller's thread (the upgrade check runs on the event loop): again
 * when it is older than the cache TTL, and when a token names a {@code kid} the set lacks — at most
 * once per minimum interval, so forged key ids cannot make the edge hammer the identity provider.
 * The token that named the unknown key is refused (401, "retry"); its retry finds the new key.
 * Until a new set arrives the previous one stays in use.
 */
public final class JwksKeys implements KeyRing {

  private static final Logger LOG = Logger.getLogger(JwksKeys.class);

  /** The keys of one fetch, by key id. */
  private record KeySet(Map<String, Key> byKid, long fetchedAtMs) {}

  private record Key(String alg, JWTAuth verifier) {}

  private final Vertx vertx;
  private final URI url;
  private final HttpClient http;
  private final long ttlMs;
  private final long minIntervalMs;
  private final Duration fetchTimeout;
  private final AtomicReference<KeySet> keys = new AtomicReference<>();
  private final AtomicBoolean fetching = new AtomicBoolean();
  private volatile long lastFetchStartMs = Long.MIN_VALUE / 2;
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

  /** Starts the first fetch; tokens are refused until it has answered. */
  public JwksKeys start(long nowMs) {
    fetchIfAllowed(nowMs);
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
  public KeyLookup find(String alg, Optional<String> kid, long nowMs) {
    KeySet set = keys.get();
    if (set == null) {
      fetchIfAllowed(nowMs);
      return new KeyLookup.Missing("the key set is not loaded yet; retry");
    }
    if (nowMs - set.fetchedAtMs() > ttlMs) {
      fetchIfAllowed(nowMs);
    }
    if (kid.isEmpty()) {
      return new KeyLookup.Missing("token has no kid: keys from the JWKS are chosen by kid");
    }
    Key key = set.byKid().get(kid.get());
    if (key == null) {
      boolean started = fetchIfAllowed(nowMs);
      return new KeyLookup.Missing(
          "unknown key id '"
              + kid.get()
              + "'"
              + (started ? " (fetching the key set again; retry)" : ""));
    }
    if (!key.alg().equals(alg)) {
      return new KeyLookup.Missing("key '" + kid.get() + "' is for " + key.alg() + ", not " + alg);
    }
    return new KeyLookup.Found(key.verifier());
  }

  /** Starts a fetch unless one is under way or one started less than the minimum interval ago. */
  private boolean fetchIfAllowed(long nowMs) {
    if (!fetching.compareAndSet(false, true)) {
      return true;
    }
    if (nowMs - lastFetchStartMs < minIntervalMs) {
      fetching.set(false);
      return false;
    }
    lastFetchStartMs = nowMs;
    fetchesStarted.incrementAndGet();
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
                fetching.set(false);
              }
            });
    return true;
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
                  JWTAuth verifier =
                      JWTAuth.create(vertx, StaticKeys.signatureOnly().addJwk(withAlg));
                  byKid.put(jwk.getString("kid"), new Key(alg, verifier));
                });
      }
    }
    LOG.infof("JWKS from %s: %d signing keys %s", url, byKid.size(), byKid.keySet());
    return new KeySet(Map.copyOf(byKid), nowMs);
  }
}
