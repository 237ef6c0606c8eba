package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.switchboard.client.delivery.DurableDedup;
import dev.switchboard.client.delivery.Seq;
import dev.switchboard.client.protocol.ClientFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Durable handling without sockets: what reaches the handler and what is acknowledged when. */
class InboundTest {

  private final DurableDedup dedup = new DurableDedup();
  private final List<String> handled = new ArrayList<>();

  @Test
  void aDurableMessageIsAcknowledgedOnlyAfterItsHandlerReturned() {
    // given
    List<Optional<Seq>> lastSeenByHandler = new ArrayList<>();
    Inbound inbound =
        new Inbound(
            dedup,
            m -> {
              lastSeenByHandler.add(dedup.last());
              handled.add(m.id());
            });

    // when
    Inbound.Outcome outcome = inbound.handle(durable("m1", 100, 0));

    // then
    assertThat(lastSeenByHandler).containsExactly(Optional.empty());
    assertThat(outcome)
        .isEqualTo(new Inbound.Outcome.Handled(new ClientFrame.AckSeq(new Seq(100, 0))));
    assertThat(dedup.last()).contains(new Seq(100, 0));
  }

  @Test
  void aResentDurableMessageIsDroppedCountedAndStillAcknowledged() {
    // given
    Inbound inbound = new Inbound(dedup, m -> handled.add(m.id()));
    inbound.handle(durable("m1", 100, 0));
    inbound.handle(durable("m2", 100, 1));

    // when: the server re-sends from its cursor after a reconnect
    Inbound.Outcome again = inbound.handle(durable("m1", 100, 0));
    Inbound.Outcome next = inbound.handle(durable("m3", 101, 0));

    // then
    assertThat(handled).containsExactly("m1", "m2", "m3");
    assertThat(again)
        .isEqualTo(new Inbound.Outcome.Duplicate(new ClientFrame.AckSeq(new Seq(100, 0))));
    assertThat(next)
        .isEqualTo(new Inbound.Outcome.Handled(new ClientFrame.AckSeq(new Seq(101, 0))));
    assertThat(dedup.duplicates()).isEqualTo(1);
  }

  @Test
  void aFailedHandlerAcknowledgesNothingAndGetsTheMessageAgain() {
    // given
    List<String> attempts = new ArrayList<>();
    Inbound inbound =
        new Inbound(
            dedup,
            m -> {
              attempts.add(m.id());
              if (attempts.size() == 1) {
                throw new IllegalStateException("disk full");
              }
            });

    // when
    Inbound.Outcome failed = inbound.handle(durable("m1", 5, 0));
    Inbound.Outcome retried = inbound.handle(durable("m1", 5, 0));

    // then
    assertThat(failed).isInstanceOf(Inbound.Outcome.Failed.class);
    assertThat(((Inbound.Outcome.Failed) failed).durable()).isTrue();
    assertThat(retried).isInstanceOf(Inbound.Outcome.Handled.class);
    assertThat(attempts).containsExactly("m1", "m1");
    assertThat(dedup.duplicates()).isZero();
  }

  @Test
  void anAtMostOnceMessageGoesToTheHandlerAndIsAcknowledgedById() {
    // given
    Inbound inbound = new Inbound(dedup, m -> handled.add(m.id()));

    // when
    Inbound.Outcome outcome =
        inbound.handle(new Message("once-1", Optional.empty(), IntNode.valueOf(1)));

    // then
    assertThat(handled).containsExactly("once-1");
    assertThat(outcome).isEqualTo(new Inbound.Outcome.Handled(new ClientFrame.AckId("once-1")));
    assertThat(dedup.last()).isEmpty();
  }

  private static Message durable(String id, long ms, long n) {
    return new Message(id, Optional.of(new Seq(ms, n)), IntNode.valueOf(1));
  }
}
