package dev.switchboard.edge.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.observe.LogKeys;
import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.edge.lifecycle.ClaimFlow;
import dev.switchboard.testsupport.CapturedLog;
import dev.switchboard.testsupport.RedisTestResource;
import dev.switchboard.testsupport.WsTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.net.URI;
import java.time.Duration;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The edge propagates no context through Mutiny callbacks (MicroProfile Context Propagation would
 * capture and restore CDI and thread contexts around every one of the connect path's callbacks):
 * its log fields live in Vert.x duplicated contexts ({@link LogFields}), which need none of it.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class NoContextPropagationTest {

  @TestHTTPResource("/")
  URI base;

  @Test
  void mutinyCallbacksAreNotWrappedForContextPropagation() {
    // given
    Function<Integer, Integer> callback = x -> x + 1;

    // when
    Function<Integer, Integer> decorated = Infrastructure.decorate(callback);

    // then
    assertThat(decorated).isSameAs(callback);
  }

  @Test
  void theClaimsLogLineStillCarriesItsDeviceAndConnection() {
    try (CapturedLog log = CapturedLog.start()) {
      // given
      String device = "no-cp-" + System.nanoTime();

      // when
      try (WsTestClient client = WsTestClient.connect(base, "", TestTokens.bearer(device))) {
        String conn = client.connectionId();

        // then: the claim's line, logged from a Redis reply's callback ({@code inst} is set on
        // every record by the console's filter, whatever the context)
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(log.lines())
                        .filteredOn(l -> l.logger().equals(ClaimFlow.class.getName()))
                        .filteredOn(l -> l.message().startsWith("online"))
                        .filteredOn(l -> device.equals(l.fields().get(LogKeys.DEVICE)))
                        .singleElement()
                        .satisfies(l -> assertThat(l.fields()).containsEntry(LogKeys.CONN, conn)));
      }
    }
  }
}
