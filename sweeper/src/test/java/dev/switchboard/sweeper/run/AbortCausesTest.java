package dev.switchboard.sweeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.redis.RedisTimeoutException;
import dev.switchboard.sweeper.run.SweepReport.Abort;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InterruptedIOException;
import org.junit.jupiter.api.Test;

/** An aborted run names what failed by the exception's type, never by its class name text. */
class AbortCausesTest {

  @Test
  void aKubernetesClientFailureIsTheKubernetesApi() {
    // given
    var failure = new KubernetesClientException("Failure executing: GET pods\nMessage: boom");

    // when
    Abort abort = AbortCauses.of(failure);

    // then
    assertThat(abort.source()).isEqualTo(Abort.Source.KUBERNETES_API);
    assertThat(abort.text()).isEqualTo("Kubernetes API: Failure executing: GET pods");
  }

  @Test
  void aWrappedKubernetesTimeoutIsTheKubernetesApiWithTheRootMessage() {
    // given
    var failure =
        new IllegalStateException(
            new KubernetesClientException(
                "request failed", new InterruptedIOException("timeout after 2s")));

    // when
    Abort abort = AbortCauses.of(failure);

    // then
    assertThat(abort.text()).isEqualTo("Kubernetes API: timeout after 2s");
  }

  @Test
  void aRedisFailureIsTheSweep() {
    // when
    Abort abort = AbortCauses.of(new RedisTimeoutException("GET got no answer within PT2S"));

    // then
    assertThat(abort.source()).isEqualTo(Abort.Source.SWEEP);
    assertThat(abort.text()).isEqualTo("sweep: GET got no answer within PT2S");
  }
}
