package dev.switchboard.client.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DurableDedupPropertyTest {

  /**
   * The server sends an increasing run of seqs; after any reconnect it re-sends from its acked
   * cursor, which may lag behind what the app already got. Whatever the replays, the app sees each
   * seq once, in order, and every replayed one is counted as a duplicate.
   */
  @Property
  @Label("each durable message reaches the app once, in seq order, whatever the replays")
  void eachSeqOnceInOrderWhateverTheReplays(
      @ForAll @Size(min = 1, max = 60) Set<@LongRange(min = 0, max = 10_000_000) Long> stamps,
      @ForAll @Size(max = 10) List<@IntRange(min = 0, max = 59) Integer> reconnectsAt,
      @ForAll @Size(max = 10) List<@IntRange(min = 0, max = 59) Integer> cursorLags) {
    List<Seq> sent = new ArrayList<>();
    for (long stamp : new TreeSet<>(stamps)) {
      sent.add(new Seq(stamp / 7, stamp % 7));
    }
    List<Seq> wire = new ArrayList<>();
    int replays = 0;
    for (int i = 0; i < sent.size(); i++) {
      wire.add(sent.get(i));
      int index = i;
      if (reconnectsAt.contains(i)) {
        int lag = cursorLags.isEmpty() ? 1 : cursorLags.get(index % cursorLags.size());
        int from = Math.max(0, i - lag);
        wire.addAll(sent.subList(from, i + 1));
        replays += i + 1 - from;
      }
    }
    DurableDedup dedup = new DurableDedup();

    List<Seq> delivered = new ArrayList<>();
    for (Seq seq : wire) {
      if (dedup.offer(seq) == DurableDedup.Verdict.DELIVER) {
        delivered.add(seq);
        dedup.delivered(seq);
      }
    }

    assertThat(delivered).isEqualTo(sent);
    assertThat(dedup.duplicates()).isEqualTo(replays);
    assertThat(dedup.last()).contains(sent.get(sent.size() - 1));
  }

  @Test
  void aSeqWhoseHandlerFailedIsDeliveredWhenItComesAgain() {
    DurableDedup dedup = new DurableDedup(Optional.of(new Seq(10, 0)));
    Seq next = new Seq(10, 1);

    DurableDedup.Verdict first = dedup.offer(next);
    DurableDedup.Verdict again = dedup.offer(next);

    assertThat(first).isEqualTo(DurableDedup.Verdict.DELIVER);
    assertThat(again).isEqualTo(DurableDedup.Verdict.DELIVER);
    assertThat(dedup.duplicates()).isZero();
  }

  @Test
  void resumesAfterAStoredSeq() {
    DurableDedup dedup = new DurableDedup(Optional.of(new Seq(10, 5)));

    assertThat(dedup.offer(new Seq(10, 5))).isEqualTo(DurableDedup.Verdict.DROP);
    assertThat(dedup.offer(new Seq(9, 99))).isEqualTo(DurableDedup.Verdict.DROP);
    assertThat(dedup.offer(new Seq(10, 6))).isEqualTo(DurableDedup.Verdict.DELIVER);
    assertThat(dedup.duplicates()).isEqualTo(2);
  }
}
