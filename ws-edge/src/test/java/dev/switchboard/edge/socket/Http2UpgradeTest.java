package dev.switchboard.edge.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The plain port speaks HTTP/2 too (h2c, Quarkus's default), but Vert.x 4 upgrades only HTTP/1.x
 * requests to WebSockets. An HTTP/2 request for the socket path shares its connection's Netty
 * pipeline with every other stream of that connection: it is refused with a clear 400, and nothing
 * the edge puts on an admitted upgrade's connection reaches that pipeline.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class Http2UpgradeTest {

  @TestHTTPResource("/")
  URI base;

  @Inject Vertx vertx;

  private record Answer(int status, String contentType, String body, HttpConnection connection) {}

  @Test
  void anHttp2RequestForTheSocketIsRefusedAndLeavesTheConnectionsOtherStreamsAlone()
      throws Exception {
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false) // prior knowledge
                .setHttp2MaxPoolSize(1)
                .setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort()));
    try {
      // given: an HTTP/2 connection, and the handlers on its pipeline
      Answer before = get(client, PipelineNamesRoute.PATH, MultiMap.caseInsensitiveMultiMap());
      MultiMap handshake =
          MultiMap.caseInsensitiveMultiMap()
              .add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
              .add("Sec-WebSocket-Version", "13")
              .add("Authorization", "Bearer " + TestTokens.forDevice("h2-device"));

      // when: a WebSocket handshake with a valid token, and a bare GET, on that connection
      Answer upgrade = get(client, EdgeEndpoint.PATH, handshake);
      Answer bare = get(client, EdgeEndpoint.PATH, MultiMap.caseInsensitiveMultiMap());
      Answer after = get(client, PipelineNamesRoute.PATH, MultiMap.caseInsensitiveMultiMap());
      Answer health = get(client, "/q/health", MultiMap.caseInsensitiveMultiMap());

      // then
      assertThat(upgrade.status()).as("handshake over HTTP/2").isEqualTo(400);
      assertThat(upgrade.contentType()).isEqualTo(Refusal.CONTENT_TYPE);
      assertThat(new JsonObject(upgrade.body()).getString("detail")).contains("HTTP/1.1");
      assertThat(bare.status()).as("bare GET over HTTP/2").isEqualTo(400);
      assertThat(after.connection()).isSameAs(before.connection());
      assertThat(health.connection()).isSameAs(before.connection());
      assertThat(new JsonArray(after.body()))
          .as("the HTTP/2 connection's pipeline")
          .isEqualTo(new JsonArray(before.body()))
          .contains(HttpIdleTimeout.HANDLER)
          .doesNotContain(ViolationCloser.NAME, HandshakeRelease.NAME);
      assertThat(health.status()).as("another stream of the connection").isEqualTo(200);
    } finally {
      client.close();
    }
  }

  private static Answer get(HttpClient client, String path, MultiMap headers) throws Exception {
    return client
        .request(new RequestOptions().setMethod(HttpMethod.GET).setURI(path).setHeaders(headers))
        .compose(
            request ->
                request
                    .send()
                    .compose(
                        response ->
                            response
                                .body()
                                .map(
                                    body ->
                                        new Answer(
                                            response.statusCode(),
                                            response.getHeader("Content-Type"),
                                            body.toString(),
                                            request.connection()))))
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }
}
