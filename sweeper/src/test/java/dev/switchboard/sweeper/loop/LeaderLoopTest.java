package dev.switchboard.sweeper.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testsupport.RedisTestResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Two loop replicas against one API server: only the holder of the Lease sweeps. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(RedisTestResource.class)
class LeaderLoopTest {

  @Inject KubernetesClient client;
  @KubernetesTestServer KubernetesServer mockServer;

  @AfterEach
  void forgetInjectedApiFailures() {
    mockServer.getKubernetesMockServer().reset();
  }

  @Test
  @DisplayName("P8: leader election recovers after the Lease API failed past the renew deadline")
  void leaderElectionRecoversAfterRenewFailures() {
    // given: one replica leads and sweeps
    AtomicInteger sweeps = new AtomicInteger();
    String lease = "sweeper-" + System.nanoTime();
    LeaderLoop.Timing fast =
        new LeaderLoop.Timing(
            Duration.ofMillis(2_000), Duration.ofMillis(1_000), Duration.ofMillis(200));
    try (LeaderLoop loop =
        new LeaderLoop(
            Optional.of(client),
            "test",
            lease,
            "replica-a",
            Duration.ofMillis(100),
            sweeps::incrementAndGet,
            fast)) {
      loop.start();
      await().atMost(Duration.ofSeconds(20)).until(loop::isLeading);

      // when: the Lease API answers 500 for longer than the renew deadline, then heals
      String path = "/apis/coordination.k8s.io/v1/namespaces/test/leases/" + lease;
      Status injected = new StatusBuilder().withCode(500).withMessage("injected 500").build();
      mockServer.expect().get().withPath(path).andReturn(500, injected).always();
      mockServer.expect().put().withPath(path).andReturn(500, injected).always();
      await().atMost(Duration.ofSeconds(15)).until(() -> !loop.isLeading());
      int sweepsWhileLost = sweeps.get();
      boolean healthyWhileLost = loop.electionHealthy();
      await().pollDelay(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3)).until(() -> true);
      mockServer.getKubernetesMockServer().reset();

      // then: it runs for leader again, wins and sweeps again
      await().atMost(Duration.ofSeconds(20)).until(loop::isLeading);
      await().atMost(Duration.ofSeconds(10)).until(() -> sweeps.get() > sweepsWhileLost + 3);
      assertThat(loop.isLeading()).isTrue();
      assertThat(loop.elections()).isGreaterThan(1);
      assertThat(healthyWhileLost).as("still running for leader while the API failed").isTrue();
    }
  }

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
