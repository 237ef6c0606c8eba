package dev.switchboard.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.Owner;
import dev.switchboard.core.model.PresenceLocation;
import dev.switchboard.core.model.TouchResult;
import dev.switchboard.core.store.PresenceStore;
import dev.switchboard.testsupport.RedisClusterTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The same wiring with the Quarkus Redis client in cluster mode against a real 3-master cluster.
 */
@QuarkusTest
@WithTestResource(RedisClusterTestResource.class)
class PresenceCoreClusterWiringTest {

  @Inject PresenceStore store;

  @Test
  void claimsAndPipelinedTouchesSpreadOverEverySlotWork() {
    // given
    Owner owner = new Owner("cluster-inst", "pod", "uid", "node");
    List<String> devices = IntStream.range(0, 100).mapToObj(i -> "cl-" + i).toList();
    devices.forEach(
        d ->
            store
                .claim(ClaimRequest.newest(d, "c-" + d, owner, "a"))
                .await()
                .atMost(Duration.ofSeconds(5)));

    // when
    List<TouchResult> touched =
        store
            .touchAll(
                devices.stream().map(d -> new PresenceStore.DeviceConn(d, "c-" + d, 1)).toList())
            .await()
            .atMost(Duration.ofSeconds(5));

    // then
    assertThat(touched).hasSize(100).containsOnly(TouchResult.TOUCHED);
  }

  @Test
  void batchLookupsReadDeviceByDeviceOnACluster() {
    // given: devices of many slots (one devices_locate script over them would be CROSSSLOT)
    Owner owner = new Owner("cluster-inst", "pod", "uid", "node");
    List<String> devices = IntStream.range(0, 300).mapToObj(i -> "lk-" + i).toList();
    devices.stream()
        .filter(d -> d.hashCode() % 2 == 0)
        .forEach(
            d ->
                store
                    .claim(ClaimRequest.newest(d, "c-" + d, owner, "a"))
                    .await()
                    .atMost(Duration.ofSeconds(5)));

    // when
    List<Optional<PresenceLocation>> locations =
        store.locations(devices).await().atMost(Duration.ofSeconds(10));

    // then
    assertThat(locations).hasSize(300);
    for (int i = 0; i < devices.size(); i++) {
      String device = devices.get(i);
      assertThat(locations.get(i).map(PresenceLocation::conn))
          .as(device)
          .isEqualTo(device.hashCode() % 2 == 0 ? Optional.of("c-" + device) : Optional.empty());
    }
  }
}
