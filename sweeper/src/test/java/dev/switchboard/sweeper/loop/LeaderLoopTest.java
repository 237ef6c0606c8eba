package dev.switchboard.sweeper.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testsupport.RedisTestResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Two loop replicas against one API server: only the holder of the Lease sweeps. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(RedisTestResource.class)
class LeaderLoopTest {

  @Inject KubernetesClient client;

  @Test
  void twoLoopReplicasOnlyOneSweeps() {
    // given
    AtomicInteger sweepsA = new AtomicInteger();
    AtomicInteger sweepsB = new AtomicInteger();
    String lease = "sweeper-" + System.nanoTime();
    try (LeaderLoop a =
            new LeaderLoop(
                Optional.of(client),
                "test",
                lease,
                "replica-a",
                Duration.ofMillis(100),
                sweepsA::incrementAndGet);
        LeaderLoop b =
            new LeaderLoop(
                Optional.of(client),
                "test",
                lease,
                "replica-b",
                Duration.ofMillis(100),
                sweepsB::incrementAndGet)) {

      // when
      a.start();
      b.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> a.isLeading() || b.isLeading());
      int before = sweepsA.get() + sweepsB.get();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> sweepsA.get() + sweepsB.get() > before + 10);

      // then
      assertThat(a.isLeading() ^ b.isLeading()).isTrue();
      AtomicInteger follower = a.isLeading() ? sweepsB : sweepsA;
      assertThat(follower.get()).isZero();
      assertThat(
              client
                  .leases()
                  .inNamespace("test")
                  .withName(lease)
                  .get()
                  .getSpec()
                  .getHolderIdentity())
          .isEqualTo(a.isLeading() ? "replica-a" : "replica-b");
    }
  }

  @Test
  void withoutKubernetesTheLoopLeadsAlone() {
    AtomicInteger sweeps = new AtomicInteger();
    try (LeaderLoop loop =
        new LeaderLoop(
            Optional.empty(),
            "",
            "unused",
            "local",
            Duration.ofMillis(50),
            sweeps::incrementAndGet)) {
      loop.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> sweeps.get() >= 3);
      assertThat(loop.isLeading()).isTrue();
    }
  }
}
