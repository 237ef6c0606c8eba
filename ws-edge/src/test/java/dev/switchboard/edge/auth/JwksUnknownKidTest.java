package dev.switchboard.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.RawWebSocket;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An identity provider rotates its signing key: the first device with a token under the new {@code
 * kid} connects on its first try (the edge fetches the set once and lets the upgrade wait for it),
 * not after a 401 and a retry. A {@code kid} the provider never published is refused.
 */
@QuarkusTest
@TestProfile(JwksUnknownKidTest.FromJwks.class)
@WithTestResource(RedisTestResource.class)
class JwksUnknownKidTest {

  /** The set the provider publishes; the profile serves it, the test rewrites it. */
  static final Path PUBLISHED = Path.of("target", "jwks-unknown-kid.json");

  static final KeyPair OLD = TestJwks.rsa("jwks-unknown-kid-old");
  static final KeyPair NEW = TestJwks.rsa("jwks-unknown-kid-new");

  public static class FromJwks implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      TestJwks.write(PUBLISHED, TestJwks.jwk("old", OLD));
      return Map.of(
          "switchboard.auth.jwks-url",
          TestJwks.serving(PUBLISHED).url().toString(),
          // the rate limit has its own test (JwksKeysTest); here every unknown kid may fetch
          "switchboard.auth.jwks-refresh-min-interval",
          "1ms");
    }
  }

  @TestHTTPResource("/")
  URI base;

  @Test
  @DisplayName("the first token naming a newly published kid connects at once")
  void theFirstTokenWithANewKidConnects() throws Exception {
    // given: the edge holds the old set; the provider then publishes the new key
    try (WsTestClient old =
        WsTestClient.connect(
            base, TestJwks.token("RS256", OLD, "old", "jw-old", System.currentTimeMillis()))) {
      assertThat(old.connectionId()).isNotBlank();
    }
    TestJwks.write(PUBLISHED, TestJwks.jwk("old", OLD), TestJwks.jwk("new", NEW));

    // when
    try (WsTestClient first =
        WsTestClient.connect(
            base, TestJwks.token("RS256", NEW, "new", "jw-new", System.currentTimeMillis()))) {

      // then
      assertThat(first.connectionId()).isNotBlank();
    }
  }

  @Test
  void aKidNobodyPublishedIsRefused() throws Exception {
    // given
    String forged =
        TestJwks.token("RS256", TestJwks.rsa(), "forged", "jw-forged", System.currentTimeMillis());

    // when
    try (RawWebSocket raw =
        RawWebSocket.connect(
            base, WsTestClient.CONNECT_PATH, Map.of("Authorization", "Bearer " + forged))) {

      // then
      assertThat(raw.status()).isEqualTo(401);
      assertThat(new JsonObject(raw.body()).getString("detail"))
          .startsWith("unknown key id 'forged'");
    }
  }
}
