package dev.switchboard.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RS256/ES256 keys from a JWKS served by a real HTTP server on a free port. */
class JwksKeysTest {

  private static final Duration MIN_INTERVAL = Duration.ofSeconds(30);

  private final AtomicReference<JsonArray> served = new AtomicReference<>(new JsonArray());
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;
  private JwksKeys keys;
  private JwtVerifier verifier;

  @BeforeEach
  void serveJwks() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/jwks",
        exchange -> {
          requests.incrementAndGet();
          byte[] body =
              new JsonObject().put("keys", served.get()).encode().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    keys =
        new JwksKeys(
            null,
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks"),
            HttpClient.newHttpClient(),
            Duration.ofMinutes(10),
            MIN_INTERVAL,
            Duration.ofSeconds(5));
    verifier =
        new JwtVerifier(
            Map.of("RS256", keys, "ES256", keys),
            new ClaimRules(Optional.empty(), Optional.empty(), 0));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static KeyPair ec() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static String b64(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > length && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    byte[] padded = new byte[Math.max(length, bytes.length)];
    System.arraycopy(bytes, 0, padded, padded.length - bytes.length, bytes.length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(padded);
  }

  private static JsonObject jwk(String kid, KeyPair pair) {
    if (pair.getPublic() instanceof RSAPublicKey rsa) {
      return new JsonObject()
          .put("kty", "RSA")
          .put("kid", kid)
          .put("use", "sig")
          .put("n", b64(rsa.getModulus(), 256))
          .put("e", b64(rsa.getPublicExponent(), 3));
    }
    ECPublicKey ec = (ECPublicKey) pair.getPublic();
    return new JsonObject()
        .put("kty", "EC")
        .put("kid", kid)
        .put("crv", "P-256")
        .put("x", b64(ec.getW().getAffineX(), 32))
        .put("y", b64(ec.getW().getAffineY(), 32));
  }

  private static String token(String alg, KeyPair pair, String kid, long nowMs) {
    return TestTokens.signedWith(
        alg,
        pair.getPrivate(),
        kid,
        new JsonObject().put("sub", "device-1").put("exp", nowMs / 1000 + 60));
  }

  private void loaded(long nowMs) {
    keys.start(nowMs);
    await().atMost(Duration.ofSeconds(5)).until(keys::isLoaded);
  }

  @Test
  void rs256AndEs256TokensVerifyAgainstTheKeyTheirKidNames() throws Exception {
    // given
    long now = System.currentTimeMillis();
    KeyPair rsa = rsa();
    KeyPair ec = ec();
    served.set(new JsonArray().add(jwk("r1", rsa)).add(jwk("e1", ec)));
    loaded(now);

    // when / then
    assertThat(verifier.verify(token("RS256", rsa, "r1", now), now))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(verifier.verify(token("ES256", ec, "e1", now), now))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(verifier.verify(token("RS256", rsa(), "r1", now), now))
        .isEqualTo(new AuthResult.Rejected(401, "token signature is invalid"));
    assertThat(verifier.verify(token("ES256", ec, "r1", now), now))
        .isEqualTo(new AuthResult.Rejected(401, "key 'r1' is for RS256, not ES256"));
  }

  @Test
  void aNewKidTriggersOneRefreshAndAKidStillUnknownAfterItIsRefused() throws Exception {
    // given: the set holds k1; the identity provider then publishes k2 and signs with it
    long now = System.currentTimeMillis();
    KeyPair k1 = rsa();
    KeyPair k2 = rsa();
    served.set(new JsonArray().add(jwk("k1", k1)));
    loaded(now);
    served.set(new JsonArray().add(jwk("k1", k1)).add(jwk("k2", k2)));
    long later = now + MIN_INTERVAL.toMillis() + 1;

    // when: a k2 token arrives before the cache knows k2
    AuthResult first = verifier.verify(token("RS256", k2, "k2", later), later);

    // then: refused with a retry hint while one fetch runs; the retry connects
    assertThat(first)
        .isEqualTo(
            new AuthResult.Rejected(
                401, "unknown key id 'k2' (fetching the key set again; retry)"));
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(verifier.verify(token("RS256", k2, "k2", later), later))
                    .isInstanceOf(AuthResult.Authenticated.class));
    assertThat(requests.get()).isEqualTo(2);
    assertThat(verifier.verify(token("RS256", k1, "k1", later), later))
        .isInstanceOf(AuthResult.Authenticated.class);

    // and: a kid the provider never published is refused without another fetch
    KeyPair forger = rsa();
    for (int i = 0; i < 20; i++) {
      assertThat(verifier.verify(token("RS256", forger, "k-forged-" + i, later + i), later + i))
          .isEqualTo(new AuthResult.Rejected(401, "unknown key id 'k-forged-" + i + "'"));
    }
    assertThat(keys.fetchesStarted()).isEqualTo(2);
    assertThat(requests.get()).isEqualTo(2);
  }

  @Test
  void theSetIsFetchedAgainInTheBackgroundOnceItsTtlHasPassed() throws Exception {
    // given
    long now = System.currentTimeMillis();
    KeyPair k1 = rsa();
    served.set(new JsonArray().add(jwk("k1", k1)));
    loaded(now);
    long afterTtl = now + Duration.ofMinutes(10).toMillis() + 1;

    // when: the stale set still verifies while the new fetch runs
    AuthResult result = verifier.verify(token("RS256", k1, "k1", afterTtl), afterTtl);

    // then
    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(requests.get()).isEqualTo(2));
  }

  @Test
  void tokensAreRefusedUntilTheFirstFetchHasAnswered() throws Exception {
    // given: the server is gone
    server.stop(0);
    long now = System.currentTimeMillis();

    // when
    keys.start(now);

    // then
    assertThat(verifier.verify(token("RS256", rsa(), "k1", now), now))
        .isEqualTo(new AuthResult.Rejected(401, "the key set is not loaded yet; retry"));
  }
}
