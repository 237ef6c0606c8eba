package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreFixture.owner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.AckOutcome;
import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.ClaimResult;
import dev.switchboard.core.model.DeliveryState;
import dev.switchboard.core.model.Holder;
import dev.switchboard.core.model.MessageStatus;
import dev.switchboard.core.model.OutboxBatch;
import dev.switchboard.core.model.OutboxCap;
import dev.switchboard.core.model.OutboxEntry;
import dev.switchboard.core.model.OutboxLimits;
import dev.switchboard.core.model.OutboxStoreRequest;
import dev.switchboard.core.model.StoreOutcome;
import dev.switchboard.core.model.StreamId;
import dev.switchboard.testsupport.RedisServer;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox scripts (store, read, ack, state) against one real redis-server. */
class OutboxTest {

  private static final OutboxLimits ROOMY = new OutboxLimits(1000, 1 << 20);
  private static final Duration TTL = Duration.ofMinutes(5);
  private static RedisServer server;
  private StoreFixture f;
  private String device;

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  @BeforeEach
  void open() {
    f = new StoreFixture(server);
    device = "d-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void close() {
    f.close();
  }

  static <T> T await(Uni<T> uni) {
    return uni.await().atMost(StoreFixture.TIMEOUT);
  }

  private StoreOutcome store(String id, String payload, Duration ttl, OutboxLimits limits) {
    return await(f.outbox.store(new OutboxStoreRequest(device, id, payload, ttl, limits)));
  }

  private StreamId stored(String id) {
    return ((StoreOutcome.Stored) store(id, "{\"id\":\"" + id + "\"}", TTL, ROOMY)).status().seq();
  }

  private ClaimResult.Claimed claim(String conn) {
    return (ClaimResult.Claimed)
        await(f.store.claim(ClaimRequest.newest(device, conn, owner("i1"), "10.0.0.1:1")));
  }

  private DeliveryState state(String id) {
    return await(f.outbox.state(device, id)).orElseThrow().state();
  }

  private OutboxBatch read(StreamId after, int count) {
    return await(f.outbox.readAfter(device, after, count));
  }

  @Test
  void storedMessagesAreReadInOrderAndACumulativeAckTrimsThem() {
    // given
    ClaimResult.Claimed owner = claim("c1");
    StreamId one = stored("m1");
    StreamId two = stored("m2");
    StreamId three = stored("m3");

    // when
    OutboxBatch batch = read(StreamId.ZERO, 10);
    AckOutcome ack = await(f.outbox.ack(device, "c1", owner.epoch(), two));

    // then
    assertThat(one).isLessThan(two);
    assertThat(two).isLessThan(three);
    assertThat(batch.entries()).extracting(OutboxEntry::id).containsExactly("m1", "m2", "m3");
    assertThat(batch.entries().get(0).payloadJson()).isEqualTo("{\"id\":\"m1\"}");
    assertThat(batch.redelivered()).isZero();
    assertThat(batch.full()).isFalse();
    assertThat(ack).isEqualTo(new AckOutcome.Acked(two, 2));
    assertThat(state("m1")).isEqualTo(DeliveryState.ACKED);
    assertThat(state("m2")).isEqualTo(DeliveryState.ACKED);
    assertThat(state("m3")).isEqualTo(DeliveryState.SENT);
    OutboxBatch again = read(StreamId.ZERO, 10);
    assertThat(again.acked()).isEqualTo(two);
    assertThat(again.entries()).extracting(OutboxEntry::seq).containsExactly(three);
    assertThat(again.redelivered()).as("m3 was handed to a socket before").isEqualTo(1);
    assertThat(await(f.outbox.ack(device, "c1", owner.epoch(), one)))
        .isEqualTo(new AckOutcome.Unchanged(two));
  }

  @Test
  void aStoredMessageIsQueuedUntilRead() {
    // given
    StoreOutcome outcome = store("m1", "[1,2]", TTL, ROOMY);

    // then
    assertThat(outcome).isInstanceOf(StoreOutcome.Stored.class);
    assertThat(((StoreOutcome.Stored) outcome).status().state()).isEqualTo(DeliveryState.QUEUED);
    assertThat(outcome.owner()).as("offline device: nobody to wake").isEmpty();
    assertThat(state("m1")).isEqualTo(DeliveryState.QUEUED);
    assertThat(await(f.outbox.state(device, "nobody"))).isEmpty();
  }

  @Test
  void aStoreNamesTheOwnerToWake() {
    // given
    claim("c1");

    // when
    StoreOutcome outcome = store("m1", "{}", TTL, ROOMY);

    // then
    assertThat(outcome.owner()).contains(new Holder("c1", "i1"));
  }

  @Test
  void aRepeatedIdStoresNothingAndAnswersTheFirstMessage() {
    // given
    StreamId first = stored("m1");

    // when
    StoreOutcome repeat = store("m1", "{\"other\":true}", TTL, ROOMY);

    // then
    assertThat(repeat)
        .isEqualTo(
            new StoreOutcome.Duplicate(
                new MessageStatus("m1", first, DeliveryState.QUEUED),
                java.util.Optional.empty(),
                -1));
    assertThat(read(StreamId.ZERO, 10).entries())
        .singleElement()
        .extracting(OutboxEntry::payloadJson)
        .isEqualTo("{\"id\":\"m1\"}");
  }

  @Test
  void theCountCapAndTheByteCapRefuseAsFullNamingTheCap() {
    // given
    OutboxLimits twoMessages = new OutboxLimits(2, 1 << 20);
    store("m1", "{}", TTL, twoMessages);
    store("m2", "{}", TTL, twoMessages);

    // when
    StoreOutcome third = store("m3", "{}", TTL, twoMessages);
    StoreOutcome tooManyBytes = store("m4", "\"12345678\"", TTL, new OutboxLimits(10, 12));

    // then
    assertThat(third).isInstanceOf(StoreOutcome.Full.class);
    StoreOutcome.Full full = (StoreOutcome.Full) third;
    assertThat(full.cap()).isEqualTo(OutboxCap.COUNT);
    assertThat(full.held()).isEqualTo(2);
    assertThat(full.limit()).isEqualTo(2);
    assertThat(full.msUntilOldestExpires()).isPositive().isLessThanOrEqualTo(TTL.toMillis());
    assertThat(tooManyBytes).isInstanceOf(StoreOutcome.Full.class);
    assertThat(((StoreOutcome.Full) tooManyBytes).cap()).isEqualTo(OutboxCap.BYTES);
    assertThat(((StoreOutcome.Full) tooManyBytes).held()).isEqualTo(4);
    assertThat(await(f.outbox.state(device, "m3"))).isEmpty();
  }

  @Test
  void anAckFreesRoomUnderTheCaps() {
    // given
    ClaimResult.Claimed owner = claim("c1");
    OutboxLimits oneMessage = new OutboxLimits(1, 1 << 20);
    StreamId first = ((StoreOutcome.Stored) store("m1", "{}", TTL, oneMessage)).status().seq();
    read(StreamId.ZERO, 1);

    // when
    await(f.outbox.ack(device, "c1", owner.epoch(), first));

    // then
    assertThat(store("m2", "{}", TTL, oneMessage)).isInstanceOf(StoreOutcome.Stored.class);
  }

  @Test
  void anExpiredMessageIsSkippedMarkedAndNeverRead() throws Exception {
    // given
    store("old", "{}", Duration.ofMillis(50), ROOMY);
    StreamId live = stored("live");
    Thread.sleep(120);

    // when
    OutboxBatch batch = read(StreamId.ZERO, 10);

    // then
    assertThat(batch.expired()).isEqualTo(1);
    assertThat(batch.entries()).extracting(OutboxEntry::seq).containsExactly(live);
    assertThat(state("old")).isEqualTo(DeliveryState.EXPIRED);
    assertThat(read(StreamId.ZERO, 10).expired()).as("counted once").isZero();
  }

  @Test
  void aMessagePastItsTtlReadsExpiredBeforeAnyoneSkippedIt() throws Exception {
    // given
    store("old", "{}", Duration.ofMillis(50), ROOMY);

    // when
    Thread.sleep(120);

    // then
    assertThat(state("old")).isEqualTo(DeliveryState.EXPIRED);
  }

  @Test
  void aStoreTakesExpiredMessagesOutBeforeCheckingTheCaps() throws Exception {
    // given
    OutboxLimits oneMessage = new OutboxLimits(1, 1 << 20);
    store("old", "{}", Duration.ofMillis(50), oneMessage);
    Thread.sleep(120);

    // when
    StoreOutcome next = store("new", "{}", TTL, oneMessage);

    // then
    assertThat(next).isInstanceOf(StoreOutcome.Stored.class);
    assertThat(next.expired()).isEqualTo(1);
    assertThat(state("old")).isEqualTo(DeliveryState.EXPIRED);
  }

  @Test
  void anExpiredMessageStaysExpiredWhenALaterAckPassesIt() throws Exception {
    // given
    ClaimResult.Claimed owner = claim("c1");
    store("old", "{}", Duration.ofMillis(50), ROOMY);
    StreamId live = stored("live");
    Thread.sleep(120);
    read(StreamId.ZERO, 10);

    // when
    await(f.outbox.ack(device, "c1", owner.epoch(), live));

    // then
    assertThat(state("old")).isEqualTo(DeliveryState.EXPIRED);
    assertThat(state("live")).isEqualTo(DeliveryState.ACKED);
  }

  @Test
  void anAckFromAReplacedConnectionMovesNothing() {
    // given
    ClaimResult.Claimed old = claim("c1");
    StreamId seq = stored("m1");
    read(StreamId.ZERO, 10);
    ClaimResult.Claimed newer = claim("c2");

    // when
    AckOutcome refused = await(f.outbox.ack(device, "c1", old.epoch(), seq));

    // then
    assertThat(refused).isEqualTo(new AckOutcome.Replaced("c2", newer.epoch()));
    assertThat(state("m1")).isEqualTo(DeliveryState.SENT);
    assertThat(read(StreamId.ZERO, 10).entries()).hasSize(1);
    assertThat(await(f.outbox.ack(device, "c2", newer.epoch(), seq)))
        .isEqualTo(new AckOutcome.Acked(seq, 1));
  }

  @Test
  void anAckActsWhenTheEntryIsMissingOrHeldByAnOlderConnection() {
    // given: no entry at all (Redis lost it; the caller re-asserts it), then an older holder
    StreamId one = stored("m1");
    StreamId two = stored("m2");
    ClaimResult.Claimed older = claim("c-old");

    // when
    AckOutcome missing = await(f.outbox.ack("other-" + device, "c1", 5, one));
    AckOutcome overOlder = await(f.outbox.ack(device, "c-new", older.epoch() + 1, two));

    // then
    assertThat(missing)
        .as("an outbox that does not exist")
        .isInstanceOf(AckOutcome.Unchanged.class);
    assertThat(overOlder).isEqualTo(new AckOutcome.Acked(two, 2));
  }

  @Test
  void aReadAsksForMoreWhenItScannedAFullBatch() {
    // given
    stored("m1");
    StreamId two = stored("m2");
    stored("m3");

    // when
    OutboxBatch first = read(StreamId.ZERO, 2);
    OutboxBatch rest = read(first.lastScanned().orElseThrow(), 2);

    // then
    assertThat(first.full()).isTrue();
    assertThat(first.lastScanned()).contains(two);
    assertThat(rest.entries()).extracting(OutboxEntry::id).containsExactly("m3");
    assertThat(rest.full()).isFalse();
  }

  @Test
  void theClaimTellsWhetherMessagesWait() {
    // given
    ClaimResult.Claimed empty = claim("c1");
    stored("m1");

    // when
    ClaimResult.Claimed waiting = claim("c2");

    // then
    assertThat(empty.outboxPending()).isFalse();
    assertThat(waiting.outboxPending()).isTrue();
  }

  @Test
  void everyOutboxKeyExpiresSoAnAbandonedOutboxVanishes() {
    // given
    ClaimResult.Claimed owner = claim("c1");
    StreamId seq = stored("m1");
    stored("m2");
    read(StreamId.ZERO, 1);

    // when
    await(f.outbox.ack(device, "c1", owner.epoch(), seq));

    // then
    long longest = TTL.plus(Outbox.STATE_RETENTION).toMillis();
    for (String key :
        List.of(
            f.keys.outbox(device),
            f.keys.outboxAcked(device),
            f.keys.outboxMeta(device),
            f.keys.outboxIds(device),
            f.keys.outboxExpiry(device),
            f.keys.outboxForget(device))) {
      long ttl = Long.parseLong(String.valueOf(server.call("PTTL", key)));
      assertThat(ttl).as(key).isPositive().isLessThanOrEqualTo(longest);
    }
  }

  @Test
  void aStoreThatWaitsForReplicasSaysHowManyConfirmedAndSurvivesAScriptFlush() {
    // given: a server without replicas, and its script cache flushed (a restart or a failover)
    server.call("SCRIPT", "FLUSH");
    OutboxStoreRequest request = new OutboxStoreRequest(device, "m1", "{}", TTL, ROOMY);

    // when
    StoreOutcome outcome = await(f.outbox.store(request, 1, Duration.ofMillis(100)));
    StoreOutcome repeat = await(f.outbox.store(request, 1, Duration.ofMillis(100)));

    // then
    assertThat(outcome).isInstanceOf(StoreOutcome.Stored.class);
    assertThat(((StoreOutcome.Stored) outcome).replicas()).isZero();
    assertThat(((StoreOutcome.Duplicate) repeat).replicas()).isZero();
    assertThat(state("m1")).isEqualTo(DeliveryState.QUEUED);
  }
}
