package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreFixture.owner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.AckOutcome;
import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.ClaimResult;
import dev.switchboard.core.model.DeliveryState;
import dev.switchboard.core.model.Holder;
import dev.switchboard.core.model.OutboxBatch;
import dev.switchboard.core.model.OutboxEntry;
import dev.switchboard.core.model.OutboxLimits;
import dev.switchboard.core.model.OutboxStoreRequest;
import dev.switchboard.core.model.StoreOutcome;
import dev.switchboard.core.model.StreamId;
import dev.switchboard.testsupport.RedisCluster;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outbox on a real 3-master Redis Cluster with a replica per master: every script keeps to the
 * device's slot (a script touching two slots fails with CROSSSLOT here), and the WAIT sent behind a
 * store, in one batch, is answered by that shard's replica.
 */
class OutboxClusterTest {

  private static RedisCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = RedisCluster.startWithReplicas();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  static <T> T await(Uni<T> uni) {
    return uni.await().atMost(StoreFixture.TIMEOUT);
  }

  @Test
  void storeReadAckAndStateWorkForDevicesOnEveryShard() {
    try (StoreFixture f = new StoreFixture(cluster)) {
      OutboxLimits limits = new OutboxLimits(100, 1 << 16);
      // devices spread over the cluster's slots
      for (int d = 0; d < 12; d++) {
        String device = "cl-" + d;
        ClaimResult.Claimed claimed =
            (ClaimResult.Claimed)
                await(f.store.claim(ClaimRequest.newest(device, "c" + d, owner("i1"), "a")));
        List<StreamId> seqs = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
          OutboxStoreRequest request =
              new OutboxStoreRequest(
                  device, "m" + m, "{\"m\":" + m + "}", Duration.ofMinutes(1), limits);
          StoreOutcome outcome =
              m == 0
                  ? await(f.outbox.store(request, 1, Duration.ofSeconds(2)))
                  : await(f.outbox.store(request));
          assertThat(outcome.owner()).contains(new Holder("c" + d, "i1"));
          if (m == 0) {
            assertThat(((StoreOutcome.Stored) outcome).replicas()).isEqualTo(1);
          }
          seqs.add(((StoreOutcome.Stored) outcome).status().seq());
        }

        OutboxBatch batch = await(f.outbox.readAfter(device, StreamId.ZERO, 10));
        AckOutcome ack = await(f.outbox.ack(device, "c" + d, claimed.epoch(), seqs.get(1)));

        assertThat(batch.entries()).extracting(OutboxEntry::seq).containsExactlyElementsOf(seqs);
        assertThat(ack).isEqualTo(new AckOutcome.Acked(seqs.get(1), 2));
        assertThat(await(f.outbox.state(device, "m1")).orElseThrow().state())
            .isEqualTo(DeliveryState.ACKED);
        assertThat(await(f.outbox.state(device, "m2")).orElseThrow().state())
            .isEqualTo(DeliveryState.SENT);
      }
    }
  }
}
