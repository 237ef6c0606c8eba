package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreFixture.owner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.ClaimResult;
import dev.switchboard.core.model.PresenceEntry;
import dev.switchboard.core.model.SweepResult;
import dev.switchboard.testsupport.RedisServer;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many threads run random interleavings of claim, touch, release and sweep on a few devices against
 * one real Redis. One instance "dies" halfway: it stops claiming and a concurrent sweeper removes
 * its entries. Afterwards the invariants of the schema must hold, whatever the interleaving was.
 */
class ConcurrentInterleavingsTest {

  private static final int THREADS = 8;
  private static final int OPS_PER_THREAD = 250;
  private static final List<String> DEVICES = List.of("d0", "d1", "d2", "d3");
  private static final List<String> LIVE = List.of("live-a", "live-b", "live-c");
  private static final String DOOMED = "doomed";

  private static RedisServer server;

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
    // Mutiny's context propagation initialises lazily and races when eight threads do it at once.
    Uni.createFrom().item(1).await().indefinitely();
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  record Claim(String device, String conn, String inst, long epoch) {}

  record Release(String device, String conn, boolean released) {}

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 20261121})
  @DisplayName("P3: the schema's invariants hold after random concurrent interleavings")
  void invariantsHoldAfterRandomConcurrentInterleavings(long seed) throws Exception {
    // given
    Queue claims = new Queue();
    ConcurrentLinkedQueue<Release> releases = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<SweepResult> sweeps = new ConcurrentLinkedQueue<>();
    Map<String, List<Long>> epochsByThreadAndDevice = new ConcurrentHashMap<>();
    AtomicBoolean doomedIsDead = new AtomicBoolean();
    ReadWriteLock doomedClaims = new ReentrantReadWriteLock();
    CountDownLatch start = new CountDownLatch(1);

    try (StoreFixture f = new StoreFixture(server)) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
      List<Future<?>> workers = new ArrayList<>();

      // when
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        workers.add(
            pool.submit(
                () -> {
                  Random random = new Random(seed * 1_000 + thread);
                  List<Claim> mine = new ArrayList<>();
                  start.await();
                  for (int op = 0; op < OPS_PER_THREAD; op++) {
                    if (thread == 0 && op == OPS_PER_THREAD / 2) {
                      doomedClaims.writeLock().lock();
                      doomedIsDead.set(true);
                      doomedClaims.writeLock().unlock();
                    }
                    int kind = random.nextInt(10);
                    if (kind < 4 || mine.isEmpty()) {
                      String device = DEVICES.get(random.nextInt(DEVICES.size()));
                      doomedClaims.readLock().lock();
                      try {
                        boolean canUseDoomed = !doomedIsDead.get();
                        String inst =
                            canUseDoomed && random.nextInt(4) == 0
                                ? DOOMED
                                : LIVE.get(random.nextInt(LIVE.size()));
                        String conn = "t" + thread + "-op" + op;
                        ClaimResult.Claimed result =
                            (ClaimResult.Claimed)
                                await(
                                    f.store.claim(
                                        ClaimRequest.newest(device, conn, owner(inst), "addr")));
                        Claim claim = new Claim(device, conn, inst, result.epoch());
                        claims.add(claim);
                        mine.add(claim);
                        epochsByThreadAndDevice
                            .computeIfAbsent(thread + "/" + device, k -> new ArrayList<>())
                            .add(result.epoch());
                      } finally {
                        doomedClaims.readLock().unlock();
                      }
                    } else if (kind < 7) {
                      Claim own = mine.remove(random.nextInt(mine.size()));
                      releases.add(
                          new Release(
                              own.device(),
                              own.conn(),
                              await(f.store.release(own.device(), own.conn()))));
                    } else {
                      Claim own = mine.get(random.nextInt(mine.size()));
                      await(
                          f.store.touch(
                              new PresenceStore.DeviceConn(own.device(), own.conn(), own.epoch())));
                    }
                  }
                  return null;
                }));
      }
      Future<?> sweeper =
          pool.submit(
              () -> {
                start.await();
                boolean finalPassDone = false;
                while (!finalPassDone) {
                  boolean dead = doomedIsDead.get();
                  for (String device : DEVICES) {
                    sweeps.add(await(f.store.sweep(device, DOOMED)));
                  }
                  finalPassDone = dead;
                }
                return null;
              });
      start.countDown();
      for (Future<?> worker : workers) {
        worker.get(120, TimeUnit.SECONDS);
      }
      sweeper.get(120, TimeUnit.SECONDS);
      pool.shutdown();

      // then
      Map<String, Optional<PresenceEntry>> finalEntries = new ConcurrentHashMap<>();
      List<Optional<PresenceEntry>> read = await(f.store.entries(DEVICES));
      for (int i = 0; i < DEVICES.size(); i++) {
        finalEntries.put(DEVICES.get(i), read.get(i));
      }
      Set<String> releasedConns =
          releases.stream()
              .filter(Release::released)
              .map(Release::conn)
              .collect(Collectors.toSet());
      Set<Long> sweptEpochs =
          sweeps.stream()
              .flatMap(s -> s.removed().stream())
              .map(SweepResult.Removed::epoch)
              .collect(Collectors.toSet());
      Map<Long, Claim> claimByEpoch = new ConcurrentHashMap<>();

      // epochs are unique per device and increase along every thread's own sequence
      for (String device : DEVICES) {
        List<Long> epochs = claims.of(device).stream().map(Claim::epoch).toList();
        assertThat(new HashSet<>(epochs))
            .as("epochs of %s are unique", device)
            .hasSameSizeAs(epochs);
      }
      epochsByThreadAndDevice.forEach(
          (key, epochs) -> assertThat(epochs).as("epochs along %s", key).isSorted());
      claims.all().forEach(c -> claimByEpoch.put(c.epoch(), c));

      // a sweep only ever removed an entry that the dead instance had claimed
      for (long swept : sweptEpochs) {
        assertThat(claimByEpoch.get(swept).inst()).as("swept epoch %d", swept).isEqualTo(DOOMED);
      }

      for (String device : DEVICES) {
        Optional<Claim> last =
            claims.of(device).stream().max(Comparator.comparingLong(Claim::epoch));
        Optional<PresenceEntry> entry = finalEntries.get(device);
        if (last.isEmpty()) {
          assertThat(entry).as("device %s never claimed", device).isEmpty();
          continue;
        }
        Claim winner = last.get();
        boolean gone =
            releasedConns.contains(winner.conn()) || sweptEpochs.contains(winner.epoch());
        if (gone) {
          assertThat(entry).as("%s: last claim %s was released or swept", device, winner).isEmpty();
        } else {
          assertThat(entry).as("%s: last claim %s still holds", device, winner).isPresent();
          assertThat(entry.get().conn()).isEqualTo(winner.conn());
          assertThat(entry.get().epoch()).isEqualTo(winner.epoch());
        }
        // no entry is owned by the swept instance
        entry.ifPresent(e -> assertThat(e.owner().inst()).isNotEqualTo(DOOMED));
      }
      assertThat(releasedConns).as("some releases succeeded").isNotEmpty();
    }
  }

  private static <T> T await(Uni<T> uni) {
    return uni.await().atMost(StoreFixture.TIMEOUT);
  }

  /** Successful claims from every thread. */
  private static final class Queue {
    private final ConcurrentLinkedQueue<Claim> claims = new ConcurrentLinkedQueue<>();

    void add(Claim claim) {
      claims.add(claim);
    }

    List<Claim> all() {
      return List.copyOf(claims);
    }

    List<Claim> of(String device) {
      return claims.stream().filter(c -> c.device().equals(device)).toList();
    }
  }
}
