package dev.switchboard.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RS256/ES256 keys from a JWKS served by a real HTTP server on a free port. */
class JwksKeysTest {

  private static final Duration MIN_INTERVAL = Duration.ofSeconds(30);

  private TestJwks server;
  private JwksKeys keys;
  private JwtVerifier verifier;

  @BeforeEach
  void serveJwks() {
    server = TestJwks.start();
    keys =
        new JwksKeys(
            null,
            server.url(),
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
    server.close();
  }

  private static String token(String alg, KeyPair pair, String kid, long nowMs) {
    return TestJwks.token(alg, pair, kid, "device-1", nowMs);
  }

  private void loaded(long nowMs) {
    keys.start(nowMs);
    await().atMost(Duration.ofSeconds(5)).until(keys::isLoaded);
  }

  /** What a pending verification comes to once its fetch has answered. */
  private static AuthResult settled(AuthResult result) throws Exception {
    return result instanceof AuthResult.Pending pending
        ? pending.outcome().toCompletableFuture().get(10, TimeUnit.SECONDS)
        : result;
  }

  @Test
  void rs256AndEs256TokensVerifyAgainstTheKeyTheirKidNames() throws Exception {
    // given
    long now = System.currentTimeMillis();
    KeyPair rsa = TestJwks.rsa();
    KeyPair ec = TestJwks.ec();
    server.publish(TestJwks.jwk("r1", rsa), TestJwks.jwk("e1", ec));
    loaded(now);

    // when / then
    assertThat(verifier.verify(token("RS256", rsa, "r1", now), now))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(verifier.verify(token("ES256", ec, "e1", now), now))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(verifier.verify(token("RS256", TestJwks.rsa(), "r1", now), now))
        .isEqualTo(new AuthResult.Rejected(401, "token signature is invalid"));
    assertThat(verifier.verify(token("ES256", ec, "r1", now), now))
        .isEqualTo(new AuthResult.Rejected(401, "key 'r1' is for RS256, not ES256"));
  }

  @Test
  void theFirstTokenWithANewKidWaitsForOneRefreshAndIsAccepted() throws Exception {
    // given: the set holds k1; the identity provider then publishes k2 and signs with it
    long now = System.currentTimeMillis();
    KeyPair k1 = TestJwks.rsa();
    KeyPair k2 = TestJwks.rsa();
    server.publish(TestJwks.jwk("k1", k1));
    loaded(now);
    server.publish(TestJwks.jwk("k1", k1), TestJwks.jwk("k2", k2));
    long later = now + MIN_INTERVAL.toMillis() + 1;

    // when: two k2 tokens arrive before the cache knows k2
    AuthResult first = verifier.verify(token("RS256", k2, "k2", later), later);
    AuthResult second = verifier.verify(token("RS256", k2, "k2", later + 1), later + 1);

    // then: the first waits for the fetch it started, the second for the same one (or finds its
    // key already there), and both are accepted
    assertThat(first).isInstanceOf(AuthResult.Pending.class);
    assertThat(settled(first)).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(settled(second)).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(keys.fetchesStarted()).isEqualTo(2);
    assertThat(server.requests()).isEqualTo(2);
    assertThat(verifier.verify(token("RS256", k1, "k1", later), later))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void unknownKidsFetchAtMostOncePerIntervalAndAreRefusedInBetween() throws Exception {
    // given: a fetch caused by an unknown kid has just answered
    long now = System.currentTimeMillis();
    server.publish(TestJwks.jwk("k1", TestJwks.rsa()));
    loaded(now);
    long later = now + MIN_INTERVAL.toMillis() + 1;
    KeyPair forger = TestJwks.rsa();
    assertThat(settled(verifier.verify(token("RS256", forger, "k-forged", later), later)))
        .isEqualTo(new AuthResult.Rejected(401, "unknown key id 'k-forged'"));

    // when: more forged kids within the interval
    for (int i = 0; i < 20; i++) {
      AuthResult result =
          verifier.verify(token("RS256", forger, "k-forged-" + i, later + i), later + i);

      // then: refused at once, without a fetch
      assertThat(result)
          .isEqualTo(new AuthResult.Rejected(401, "unknown key id 'k-forged-" + i + "'"));
    }
    assertThat(keys.fetchesStarted()).isEqualTo(2);
    assertThat(server.requests()).isEqualTo(2);

    // and: after the interval, an unknown kid may fetch again
    long afterInterval = later + MIN_INTERVAL.toMillis() + 1;
    assertThat(verifier.verify(token("RS256", forger, "k-next", afterInterval), afterInterval))
        .isInstanceOf(AuthResult.Pending.class);
  }

  @Test
  void theSetIsFetchedAgainInTheBackgroundOnceItsTtlHasPassed() throws Exception {
    // given
    long now = System.currentTimeMillis();
    KeyPair k1 = TestJwks.rsa();
    server.publish(TestJwks.jwk("k1", k1));
    loaded(now);
    long afterTtl = now + Duration.ofMinutes(10).toMillis() + 1;

    // when: the stale set still verifies while the new fetch runs
    AuthResult result = verifier.verify(token("RS256", k1, "k1", afterTtl), afterTtl);

    // then
    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(server.requests()).isEqualTo(2));
  }

  @Test
  void tokensWaitForTheFirstFetchAndAreRefusedIfItFails() throws Exception {
    // given: the server is gone
    server.close();
    long now = System.currentTimeMillis();

    // when
    keys.start(now);
    AuthResult result = verifier.verify(token("RS256", TestJwks.rsa(), "k1", now), now);

    // then
    assertThat(settled(result))
        .isEqualTo(new AuthResult.Rejected(401, "the key set is not loaded yet; retry"));
  }
}
